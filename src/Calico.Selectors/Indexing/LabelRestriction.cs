namespace Calico.Selectors.Indexing;

/// <summary>
/// What a selector needs of one label in order to match (a necessary condition, not a sufficient one).
/// </summary>
/// <param name="MustBePresent">The label must be present, e.g. <c>has(a)</c> or <c>a == 'x'</c>.</param>
/// <param name="MustBeAbsent">The label must be absent, e.g. <c>!has(a)</c>.</param>
/// <param name="AllowedValues">If not null, the label must have one of these values; empty means nothing can match.</param>
internal readonly record struct LabelRestriction(bool MustBePresent, bool MustBeAbsent, string[]? AllowedValues)
{
    public static LabelRestriction Present => new(true, false, null);

    public static LabelRestriction Absent => new(false, true, null);

    public bool IsSatisfiable => !(MustBePresent && MustBeAbsent) && AllowedValues is not { Length: 0 };

    public static LabelRestriction OneOf(IEnumerable<string> values) => new(true, false, [.. values]);
}
