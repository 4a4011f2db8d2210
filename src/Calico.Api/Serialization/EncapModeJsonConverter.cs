using Calico.Api.Values;

namespace Calico.Api.Serialization;

/// <summary>An empty vxlanMode/ipipMode means Never, as in Calico.</summary>
internal sealed class EncapModeJsonConverter : StrictEnumConverter<EncapMode>
{
    protected override bool TryReadSpecial(string text, out EncapMode value)
    {
        value = EncapMode.Never;
        return text.Length == 0;
    }
}
