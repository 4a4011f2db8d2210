using Calico.Lab;

return await CalicoLab.RunAsync(args, LabEnvironment.FromConsole(), CancellationToken.None).ConfigureAwait(false);
