using Calico.Client.Configuration;
using Calico.Client.Store;
using Calico.Datastore;

namespace Calico.Ctl.Commands;

/// <summary>What every command needs: the environment and a way to reach the datastore.</summary>
internal sealed class CommandContext(CtlEnvironment environment)
{
    public CtlEnvironment Environment => environment;

    public TextWriter Out => environment.Stdout;

    public async ValueTask<StoreSession> OpenAsync(string? configFile, CancellationToken ct)
    {
        var config = DatastoreConfigLoader.Load(configFile, environment.Variables);
        IDatastore datastore;
        try
        {
            datastore = await DatastoreConnector.OpenAsync(config, ct).ConfigureAwait(false);
        }
        catch (DatastoreUnavailableException e)
        {
            throw new CtlException($"cannot reach the datastore ({config.Origin}): {e.Message}");
        }

        return new StoreSession(datastore, new ResourceStore(datastore, environment.TimeProvider));
    }
}

/// <summary>An open datastore and its typed store, closed when the command ends.</summary>
internal sealed class StoreSession(IDatastore datastore, ResourceStore store) : IAsyncDisposable
{
    public ResourceStore Store => store;

    public IDatastore Datastore => datastore;

    public ValueTask DisposeAsync() => datastore.DisposeAsync();
}
