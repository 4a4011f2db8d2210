namespace Calico.Api.Validation;

/// <summary>Collects errors while a validator walks a resource.</summary>
public sealed class ValidationErrors
{
    private readonly List<ValidationError> _errors = [];

    public IReadOnlyList<ValidationError> All => _errors;

    public bool IsEmpty => _errors.Count == 0;

    public void Add(string fieldPath, string reason) => _errors.Add(new ValidationError(fieldPath, reason));

    public static string Join(string path, string field) => path.Length == 0 ? field : $"{path}.{field}";

    public static string Index(string path, int index) => $"{path}[{index}]";
}
