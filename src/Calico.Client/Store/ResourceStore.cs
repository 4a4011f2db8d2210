using System.Globalization;
using Calico.Api;
using Calico.Api.Defaults;
using Calico.Api.Resources;
using Calico.Api.Serialization;
using Calico.Api.Validation;
using Calico.Datastore;

namespace Calico.Client.Store;

/// <summary>
/// Typed access to resources: defaults and validation on write, every batch checked whole and written in one
/// transaction, derived read-only views (converted Kubernetes policies, namespace and service-account profiles, built-in tiers).
/// </summary>
public sealed class ResourceStore(IDatastore datastore, TimeProvider timeProvider)
{
    public IDatastore Datastore => datastore;

    public async ValueTask<Resource?> GetAsync(ResourceKind kind, string? ns, string name, CancellationToken ct = default)
    {
        ns = kind.IsNamespaced ? ns ?? "default" : null;
        if (await datastore.GetAsync(new ResourceKey(kind.StoreKind, ns, name), ct).ConfigureAwait(false) is { } stored)
        {
            return DerivedResources.Decode(kind, stored);
        }

        return await DerivedResources.GetAsync(datastore, kind, ns, name, ct).ConfigureAwait(false);
    }

    /// <param name="kind">The kind.</param>
    /// <param name="ns">A namespace, or null for all namespaces (ignored for cluster-scoped kinds).</param>
    /// <param name="ct">Cancels the read.</param>
    public async ValueTask<ResourceListing> ListAsync(ResourceKind kind, string? ns, CancellationToken ct = default)
    {
        var listed = await datastore.ListAsync(kind.StoreKind, kind.IsNamespaced ? ns : null, ct).ConfigureAwait(false);
        var items = listed.Items.Select(i => DerivedResources.Decode(kind, i)).ToList();
        items = await DerivedResources.ListAsync(datastore, kind, kind.IsNamespaced ? ns : null, items, ct).ConfigureAwait(false);
        return new ResourceListing(items, listed.Revision);
    }

    /// <summary>
    /// Validates every input, then writes them all in one transaction, or nothing. Throws <see cref="ResourceInputException"/>
    /// naming the source, document, field and reason of the first problem.
    /// </summary>
    public async ValueTask<IReadOnlyList<WriteResult>> WriteAsync(IReadOnlyList<DecodedResource> inputs, WriteMode mode, WriteOptions options, CancellationToken ct = default)
    {
        var prepared = inputs.Select(i => Prepare(i, options)).ToList();
        RejectDuplicates(prepared);

        var existing = new StoredResource?[prepared.Count];
        for (var i = 0; i < prepared.Count; i++)
        {
            existing[i] = await datastore.GetAsync(prepared[i].Key, ct).ConfigureAwait(false);
        }

        var context = await LoadContextAsync(prepared, ct).ConfigureAwait(false);
        var ops = new List<TransactionOp>();
        var results = new WriteResult?[prepared.Count];
        var opIndex = new List<int>();
        for (var i = 0; i < prepared.Count; i++)
        {
            var (input, resource, key, kind) = prepared[i];
            var current = existing[i];
            var currentResource = current is null ? null : DerivedResources.Decode(kind, current);
            if (current is not null && mode == WriteMode.Create)
            {
                if (options.SkipExisting)
                {
                    results[i] = new WriteResult(input, WriteOutcome.Skipped, currentResource!);
                    continue;
                }

                throw Fail(input, "metadata.name", $"{ResourceDescriptions.Describe(kind, resource)} already exists (use apply to update it)");
            }

            if (current is null && mode == WriteMode.Replace)
            {
                throw Fail(input, "metadata.name", $"{ResourceDescriptions.Describe(kind, resource)} does not exist (use create or apply)");
            }

            if (CrossResourceChecks.Check(resource, currentResource, context.Pools, context.Tiers, context.Nodes) is { } problem)
            {
                throw Fail(input, problem.Path, problem.Reason);
            }

            var requestedVersion = resource.Metadata.ResourceVersion;
            resource.Metadata.ResourceVersion = null;
            if (current is null)
            {
                resource.Metadata.Uid ??= Guid.NewGuid().ToString();
                resource.Metadata.CreationTimestamp ??= Timestamp();
                ops.Add(new TransactionOp.Create(key, ResourceCodec.EncodeJson(resource)));
                opIndex.Add(i);
                results[i] = new WriteResult(input, WriteOutcome.Created, resource);
                continue;
            }

            if (requestedVersion is not null && requestedVersion != current.Revision.ToString(CultureInfo.InvariantCulture))
            {
                throw Conflict(input, "metadata.resourceVersion",
                    $"{requestedVersion} is out of date (stored revision {current.Revision}); someone changed it since you read it: get it again and retry");
            }

            resource.Metadata.Uid = currentResource!.Metadata.Uid ?? resource.Metadata.Uid;
            resource.Metadata.CreationTimestamp = currentResource.Metadata.CreationTimestamp ?? resource.Metadata.CreationTimestamp;
            var json = ResourceCodec.EncodeJson(resource);
            if (string.Equals(json, current.Value, StringComparison.Ordinal))
            {
                results[i] = new WriteResult(input, WriteOutcome.Unchanged, currentResource);
                continue;
            }

            ops.Add(new TransactionOp.Update(key, json, current.Revision));
            opIndex.Add(i);
            results[i] = new WriteResult(input, WriteOutcome.Updated, resource);
        }

        if (ops.Count > 0)
        {
            IReadOnlyList<StoredResource> committed;
            try
            {
                committed = await datastore.CommitAsync(ops, ct).ConfigureAwait(false);
            }
            catch (DatastoreException e) when (e.OperationIndex is { } failed && failed < opIndex.Count && e is not DatastoreUnavailableException)
            {
                var input = prepared[opIndex[failed]].Input;
                throw e is RevisionConflictException or ResourceAlreadyExistsException or ResourceNotFoundException
                    ? Conflict(input, string.Empty, StripOperationIndex(e))
                    : Fail(input, string.Empty, StripOperationIndex(e));
            }

            for (var j = 0; j < committed.Count; j++)
            {
                var r = results[opIndex[j]]!;
                r.Resource.Metadata.ResourceVersion = committed[j].Revision.ToString(CultureInfo.InvariantCulture);
            }
        }

        return results.Select(r => r!).ToList();
    }

    /// <summary>Deletes every named resource in one transaction, or nothing.</summary>
    public async ValueTask<IReadOnlyList<DeleteResult>> DeleteAsync(IReadOnlyList<DeleteRequest> requests, bool skipNotExisting, CancellationToken ct = default)
    {
        var ops = new List<TransactionOp>();
        var results = new List<DeleteResult>();
        var opIndex = new List<int>();
        foreach (var request in requests)
        {
            var ns = request.Kind.IsNamespaced ? request.Namespace ?? "default" : null;
            var description = ResourceDescriptions.Describe(request.Kind, ns, request.Name);
            if (DerivedResources.IsDerivedName(request.Kind, request.Name))
            {
                throw DeleteFail(request, DerivedResources.ReadOnlyReason(request.Kind, request.Name));
            }

            if (request.Kind == ResourceKinds.Tier && BuiltInTiers.IsBuiltIn(request.Name))
            {
                throw DeleteFail(request, $"{description} is built in and cannot be deleted");
            }

            var key = new ResourceKey(request.Kind.StoreKind, ns, request.Name);
            var current = await datastore.GetAsync(key, ct).ConfigureAwait(false);
            if (current is null)
            {
                if (skipNotExisting)
                {
                    results.Add(new DeleteResult(request, null));
                    continue;
                }

                throw DeleteFail(request, $"{description} does not exist");
            }

            if (request.ResourceVersion is { } version && version != current.Revision.ToString(CultureInfo.InvariantCulture))
            {
                throw DeleteFail(request, $"{description}: resourceVersion {version} is out of date (stored revision {current.Revision})");
            }

            if (request.Kind == ResourceKinds.Tier && await TierInUseAsync(request.Name, ct).ConfigureAwait(false) is { } user)
            {
                throw DeleteFail(request, $"{description} still holds {user}; delete its policies first");
            }

            ops.Add(new TransactionOp.Delete(key, current.Revision));
            opIndex.Add(results.Count);
            results.Add(new DeleteResult(request, DerivedResources.Decode(request.Kind, current)));
        }

        if (ops.Count > 0)
        {
            try
            {
                await datastore.CommitAsync(ops, ct).ConfigureAwait(false);
            }
            catch (DatastoreException e) when (e.OperationIndex is { } failed && failed < opIndex.Count && e is not DatastoreUnavailableException)
            {
                throw DeleteFail(results[opIndex[failed]].Request, StripOperationIndex(e));
            }
        }

        return results;
    }

    private sealed record Prepared(DecodedResource Input, Resource Resource, ResourceKey Key, ResourceKind Kind);

    private sealed record WriteContext(IReadOnlyList<IPPool> Pools, ISet<string> Tiers, IReadOnlyList<Node> Nodes);

    private static Prepared Prepare(DecodedResource input, WriteOptions options)
    {
        var kind = input.Kind;
        var resource = ResourceCodec.Clone(input.Resource);
        if (kind.IsNamespaced)
        {
            if (options.DefaultNamespace is { } requested && resource.Metadata.Namespace is { } declared && !string.Equals(requested, declared, StringComparison.Ordinal))
            {
                throw Fail(input, "metadata.namespace", $"\"{declared}\" does not match the namespace given on the command line (\"{requested}\")");
            }

            resource.Metadata.Namespace ??= options.DefaultNamespace ?? "default";
        }

        if (DerivedResources.IsDerivedName(kind, resource.Name))
        {
            throw Fail(input, "metadata.name", DerivedResources.ReadOnlyReason(kind, resource.Name));
        }

        ResourceDefaulter.Apply(resource);
        var errors = ResourceValidator.Validate(resource);
        if (errors.Count > 0)
        {
            var reason = errors[0].Reason + (errors.Count > 1 ? $" (and {errors.Count - 1} more problem{(errors.Count > 2 ? "s" : string.Empty)})" : string.Empty);
            throw Fail(input, errors[0].FieldPath, reason);
        }

        return new Prepared(input, resource, new ResourceKey(kind.StoreKind, resource.Namespace, resource.Name), kind);
    }

    private static void RejectDuplicates(List<Prepared> prepared)
    {
        var seen = new HashSet<ResourceKey>();
        foreach (var p in prepared)
        {
            if (!seen.Add(p.Key))
            {
                throw Fail(p.Input, "metadata.name", $"{ResourceDescriptions.Describe(p.Kind, p.Resource)} appears more than once in the input");
            }
        }
    }

    /// <summary>The pools and tiers as they will be after this batch (and the nodes, when a pool is written), for cross-resource checks.</summary>
    private async ValueTask<WriteContext> LoadContextAsync(List<Prepared> prepared, CancellationToken ct)
    {
        var pools = new Dictionary<string, IPPool>(StringComparer.Ordinal);
        if (prepared.Any(p => p.Resource is IPPool))
        {
            foreach (var stored in (await datastore.ListAsync(ResourceKinds.IPPool.StoreKind, null, ct).ConfigureAwait(false)).Items)
            {
                var pool = (IPPool)DerivedResources.Decode(ResourceKinds.IPPool, stored);
                pools[pool.Name] = pool;
            }
        }

        var nodes = new List<Node>();
        if (prepared.Any(p => p.Resource is IPPool))
        {
            foreach (var stored in (await datastore.ListAsync(ResourceKinds.Node.StoreKind, null, ct).ConfigureAwait(false)).Items)
            {
                nodes.Add((Node)DerivedResources.Decode(ResourceKinds.Node, stored));
            }
        }

        var tiers = new HashSet<string>(StringComparer.Ordinal);
        if (prepared.Any(p => p.Resource is NetworkPolicy or GlobalNetworkPolicy))
        {
            foreach (var tier in (await ListAsync(ResourceKinds.Tier, null, ct).ConfigureAwait(false)).Items)
            {
                tiers.Add(tier.Name);
            }
        }

        foreach (var p in prepared)
        {
            switch (p.Resource)
            {
                case IPPool pool:
                    pools[pool.Name] = pool;
                    break;
                case Tier tier:
                    tiers.Add(tier.Name);
                    break;
            }
        }

        return new WriteContext(pools.Values.ToList(), tiers, nodes);
    }

    private async ValueTask<string?> TierInUseAsync(string tier, CancellationToken ct)
    {
        foreach (var kind in new[] { ResourceKinds.NetworkPolicy, ResourceKinds.GlobalNetworkPolicy })
        {
            var listed = await datastore.ListAsync(kind.StoreKind, null, ct).ConfigureAwait(false);
            foreach (var item in listed.Items)
            {
                var resource = DerivedResources.Decode(kind, item);
                var itsTier = resource is NetworkPolicy np ? np.Spec.Tier : ((GlobalNetworkPolicy)resource).Spec.Tier;
                if (string.Equals(itsTier, tier, StringComparison.Ordinal))
                {
                    return ResourceDescriptions.Describe(kind, resource);
                }
            }
        }

        return null;
    }

    private string Timestamp() => timeProvider.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string StripOperationIndex(DatastoreException e)
    {
        var message = e.Message;
        var cut = message.LastIndexOf(" (transaction operation", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    private static ResourceInputException Fail(DecodedResource input, string path, string reason) =>
        new(input.Source, input.DocumentIndex, input.Description, path, reason);

    private static ResourceInputException Conflict(DecodedResource input, string path, string reason) =>
        new(input.Source, input.DocumentIndex, input.Description, path, reason) { IsConflict = true };

    private static ResourceInputException DeleteFail(DeleteRequest request, string reason) =>
        new(request.Source.Length == 0 ? "delete" : request.Source, request.DocumentIndex, null, "metadata.name", reason);
}
