namespace Calico.Bgp.Control;

/// <summary>A line of a BIRD reply with its numeric code and the text after it.</summary>
public sealed record BirdReplyLine(int Code, string Text);
