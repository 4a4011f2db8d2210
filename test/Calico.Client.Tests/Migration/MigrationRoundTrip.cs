using Calico.Client.Migration;
using Calico.Datastore;

namespace Calico.Client.Tests.Migration;

/// <summary>Export from one store and import into another, through the file text, as calicoctl does.</summary>
public static class MigrationRoundTrip
{
    public static async Task<string> ExportAsync(IDatastore source)
    {
        var text = new StringWriter();
        await DatastoreExporter.ExportAsync(source, text, TimeProvider.System);
        return text.ToString();
    }

    public static async Task<ImportResult> ImportAsync(string text, IDatastore target) =>
        await new DatastoreImporter(target).ImportAsync(ExportFileReader.Read(text, "export.yaml"));
}
