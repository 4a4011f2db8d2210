namespace Calico.Ctl.Commands.Doctor;

/// <summary>How bad a finding is: both make doctor exit 1; the label in the output differs.</summary>
internal enum FindingSeverity
{
    /// <summary>Probably fine, but worth a look (e.g. a selector that selects nothing).</summary>
    Warning,

    /// <summary>Something is broken or will break traffic.</summary>
    Failure,
}
