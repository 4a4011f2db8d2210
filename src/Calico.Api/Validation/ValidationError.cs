namespace Calico.Api.Validation;

/// <summary>One problem with a resource: the field (e.g. spec.ingress[0].source.selector) and why.</summary>
public sealed record ValidationError(string FieldPath, string Reason)
{
    public override string ToString() => string.IsNullOrEmpty(FieldPath) ? Reason : $"{FieldPath}: {Reason}";
}
