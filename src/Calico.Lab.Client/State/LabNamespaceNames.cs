using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Calico.Lab.State;

/// <summary>The names of a lab's network namespaces: &lt;lab&gt;-u (underlay), &lt;lab&gt;-x (external host), &lt;lab&gt;-cp (control plane: etcd), &lt;lab&gt;-n&lt;i&gt; (nodes), &lt;lab&gt;-p-&lt;10 hex&gt; (pods).</summary>
public static class LabNamespaceNames
{
    public static string Underlay(string lab) => $"{lab}-u";

    public static string Node(string lab, int index) => $"{lab}-n{index}";

    /// <summary>The external host (natOutgoing's destination), behind the underlay.</summary>
    public static string External(string lab) => $"{lab}-x";

    /// <summary>The control plane (etcd members; etcd labs only), joined to the underlay like a node.</summary>
    public static string ControlPlane(string lab) => $"{lab}-cp";

    public static string Pod(string lab, string ns, string pod) =>
        $"{lab}-p-{Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes($"{ns}/{pod}")))[..10]}";

    /// <summary>True only for this lab's namespaces (never another lab whose name starts the same way).</summary>
    public static bool BelongsTo(string lab, string namespaceName) =>
        Regex.IsMatch(namespaceName, $"^{Regex.Escape(lab)}-(u|x|cp|n[0-9]+|p-[0-9a-f]{{10}})$");
}
