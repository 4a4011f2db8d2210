namespace Calico.Felix.Calc.Graph;

/// <summary>The key of an endpoint or network set in the IP set label index.</summary>
internal readonly record struct LabelledItemId(LabelledItemKind Kind, string? Namespace, string Name)
{
    public override string ToString() => Namespace is null ? $"{Kind}:{Name}" : $"{Kind}:{Namespace}/{Name}";
}
