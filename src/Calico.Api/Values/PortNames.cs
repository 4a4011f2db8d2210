namespace Calico.Api.Values;

/// <summary>Kubernetes IANA_SVC_NAME rules for named ports.</summary>
public static class PortNames
{
    public static bool IsValid(string name)
    {
        if (name.Length is 0 or > 15 || name[0] == '-' || name[^1] == '-' || name.Contains("--", StringComparison.Ordinal))
        {
            return false;
        }

        var hasLetter = false;
        foreach (var c in name)
        {
            if (char.IsAsciiLetterLower(c))
            {
                hasLetter = true;
            }
            else if (!char.IsAsciiDigit(c) && c != '-')
            {
                return false;
            }
        }

        return hasLetter;
    }
}
