namespace Calico.Lab.Tests.Doctor;

/// <summary>The doctor fault tests share one lab and run one after another (each undoes its fault).</summary>
[CollectionDefinition(Name)]
public sealed class DoctorLabCollection : ICollectionFixture<DoctorLabFixture>
{
    public const string Name = "doctor lab";
}
