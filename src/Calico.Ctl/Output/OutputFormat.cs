namespace Calico.Ctl.Output;

internal enum OutputKind
{
    Ps,
    Wide,
    Yaml,
    Json,
    CustomColumns,
}

/// <summary>The -o value: ps, wide, yaml|yml, json or custom-columns=A,B.</summary>
internal sealed record OutputFormat(OutputKind Kind, IReadOnlyList<string> Columns)
{
    public static OutputFormat Parse(string? text)
    {
        switch (text)
        {
            case null or "" or "ps":
                return new(OutputKind.Ps, []);
            case "wide":
                return new(OutputKind.Wide, []);
            case "yaml" or "yml":
                return new(OutputKind.Yaml, []);
            case "json":
                return new(OutputKind.Json, []);
        }

        const string prefix = "custom-columns=";
        if (text.StartsWith(prefix, StringComparison.Ordinal))
        {
            var columns = text[prefix.Length..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(c => c.ToUpperInvariant()).ToList();
            if (columns.Count == 0)
            {
                throw new CtlException("-o custom-columns= needs at least one column name");
            }

            return new(OutputKind.CustomColumns, columns);
        }

        if (text.StartsWith("go-template", StringComparison.Ordinal))
        {
            throw new CtlException($"-o {text}: Go templates are not supported; use yaml, json or custom-columns=");
        }

        throw new CtlException($"-o \"{text}\" is not one of ps, wide, yaml, json, custom-columns=COL,...");
    }
}
