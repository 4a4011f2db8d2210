// Probes are timed (a dropped SYN is a deny): labs must not compete with each other for the two CPUs, and a lab whose
// calico-node is stopped on purpose must not be probed by another class at the same time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
