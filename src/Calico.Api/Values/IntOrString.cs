using System.Globalization;
using System.Text.Json.Serialization;
using Calico.Api.Serialization;

namespace Calico.Api.Values;

/// <summary>Kubernetes int-or-string.</summary>
[JsonConverter(typeof(IntOrStringJsonConverter))]
public readonly record struct IntOrString(int? IntValue, string? StringValue)
{
    public bool IsInt => IntValue.HasValue;

    public override string ToString() => IntValue?.ToString(CultureInfo.InvariantCulture) ?? StringValue ?? string.Empty;
}
