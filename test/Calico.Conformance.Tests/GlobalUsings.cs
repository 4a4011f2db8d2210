// The prober, echo listeners, programmed-revision reader and trace verifier live in src/Calico.Lab.Client (shared with
// calico-lab's demo and calicoctl policy trace --verify).
global using Calico.Lab.Nodes;
global using Calico.Lab.Probing;
global using Calico.Lab.Tracing;
