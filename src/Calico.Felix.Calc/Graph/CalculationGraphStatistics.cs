namespace Calico.Felix.Calc.Graph;

/// <summary>What the graph holds, for metrics.</summary>
public readonly record struct CalculationGraphStatistics(
    int LocalEndpoints, int ActivePolicies, int ActiveProfiles, int ActiveIpSets, int LabelledItems, int Policies);
