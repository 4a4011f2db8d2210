namespace Calico.Client.Configuration;

/// <summary>The datastore configuration is missing or invalid; the message names the file or variable.</summary>
public sealed class DatastoreConfigException(string message) : Exception(message);
