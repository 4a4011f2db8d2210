using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

/// <summary>
/// A minimal client of etcd's JSON gateway (grpc-gateway on the client port): put, range and watch with base64 keys and
/// values, as a client without gRPC would use it. Only for the transport comparison in this benchmark.
/// </summary>
internal sealed class JsonGatewayClient(Uri endpoint) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = endpoint, Timeout = Timeout.InfiniteTimeSpan };

    public async Task PutAsync(string key, string value)
    {
        using var response = await _http.PostAsJsonAsync("/v3/kv/put", new JsonObject { ["key"] = B64(key), ["value"] = B64(value) });
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync();
    }

    public async Task<string?> GetAsync(string key)
    {
        using var response = await _http.PostAsJsonAsync("/v3/kv/range", new JsonObject { ["key"] = B64(key) });
        response.EnsureSuccessStatusCode();
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        return json?["kvs"]?[0]?["value"]?.GetValue<string>() is { } value ? Encoding.UTF8.GetString(Convert.FromBase64String(value)) : null;
    }

    /// <summary>Watches <paramref name="prefix"/> from <paramref name="startRevision"/> until <paramref name="count"/> events arrived.</summary>
    public async Task<int> WatchAsync(string prefix, long startRevision, int count)
    {
        var end = Encoding.UTF8.GetBytes(prefix);
        end[^1]++;
        var request = new JsonObject
        {
            ["create_request"] = new JsonObject
            {
                ["key"] = B64(prefix),
                ["range_end"] = Convert.ToBase64String(end),
                ["start_revision"] = startRevision.ToString(CultureInfo.InvariantCulture),
            },
        };
        using var message = new HttpRequestMessage(HttpMethod.Post, "/v3/watch") { Content = JsonContent.Create(request) };
        using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var received = 0;
        while (received < count && await reader.ReadLineAsync() is { } line)
        {
            if (JsonNode.Parse(line)?["result"]?["events"] is JsonArray events)
            {
                foreach (var change in events)
                {
                    // Decode as a client must, to compare like with like.
                    _ = Encoding.UTF8.GetString(Convert.FromBase64String(change!["kv"]!["key"]!.GetValue<string>()));
                    _ = Encoding.UTF8.GetString(Convert.FromBase64String(change["kv"]!["value"]!.GetValue<string>()));
                    received++;
                }
            }
        }

        return received;
    }

    public void Dispose() => _http.Dispose();

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
