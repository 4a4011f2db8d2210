using Calico.Ctl;

return await CalicoCtl.RunAsync(args, CtlEnvironment.FromConsole(), CancellationToken.None).ConfigureAwait(false);
