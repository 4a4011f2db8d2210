namespace Calico.Ctl.Commands.Doctor;

/// <summary>One problem a check found: what it is, the evidence that names the objects involved, and what to run next.</summary>
/// <param name="Severity">Failure or warning.</param>
/// <param name="Title">One line naming the problem and the object, e.g. <c>calico-node is not ready on node2</c>.</param>
/// <param name="Evidence">What was seen, one fact per line.</param>
/// <param name="Next">The command to run next.</param>
internal sealed record DoctorFinding(FindingSeverity Severity, string Title, IReadOnlyList<string> Evidence, string Next);
