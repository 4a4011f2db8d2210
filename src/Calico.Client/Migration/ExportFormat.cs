namespace Calico.Client.Migration;

/// <summary>The names and the version of the export file format (docs/calicoctl.md, "datastore migrate").</summary>
public static class ExportFormat
{
    /// <summary>The header document's <c>apiVersion</c>.</summary>
    public const string ApiVersion = "migrate.calicoctl/v1";

    /// <summary>The header document's <c>kind</c>.</summary>
    public const string Kind = "DatastoreExport";

    /// <summary>The format this build writes and the only one it reads.</summary>
    public const int Version = 1;
}
