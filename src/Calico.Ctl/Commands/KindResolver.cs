using Calico.Api;

namespace Calico.Ctl.Commands;

internal static class KindResolver
{
    public static ResourceKind Resolve(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new CtlException("a resource kind is required (e.g. ippool, networkpolicy, workloadendpoint)");
        }

        return ResourceKinds.FindByName(name)
            ?? throw new CtlException($"unknown resource kind \"{name}\" (known: {string.Join(", ", ResourceKinds.All.Select(k => k.Names[0]))})");
    }
}
