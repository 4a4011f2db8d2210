using System.Security.Cryptography;

namespace Calico.Testing;

/// <summary>Short unique names for namespaces, labs and files a test creates (prefix ct = calico test).</summary>
public static class UniqueNames
{
    public static string Lab() => "ct" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
}
