using Calico.Policy.Reachability;

namespace Calico.Policy.Tests.Conformance;

/// <summary>Kubernetes NetworkPolicy scenarios. Columns: x/a x/b x/c y/a y/b y/c z/a z/b z/c; cells: tcp/80 tcp/81 udp/80 udp/81.</summary>
internal static partial class KubeScenarios
{
    private const string AllAllowed = """
        x/a .... .... .... .... .... .... .... .... ....
        x/b .... .... .... .... .... .... .... .... ....
        x/c .... .... .... .... .... .... .... .... ....
        y/a .... .... .... .... .... .... .... .... ....
        y/b .... .... .... .... .... .... .... .... ....
        y/c .... .... .... .... .... .... .... .... ....
        z/a .... .... .... .... .... .... .... .... ....
        z/b .... .... .... .... .... .... .... .... ....
        z/c .... .... .... .... .... .... .... .... ....
        """;

    /// <summary>Only x/b may reach x/a (every probe); everything else is open.</summary>
    private const string OnlyXbToXa = """
        x/a .... .... .... .... .... .... .... .... ....
        x/b .... .... .... .... .... .... .... .... ....
        x/c XXXX .... .... .... .... .... .... .... ....
        y/a XXXX .... .... .... .... .... .... .... ....
        y/b XXXX .... .... .... .... .... .... .... ....
        y/c XXXX .... .... .... .... .... .... .... ....
        z/a XXXX .... .... .... .... .... .... .... ....
        z/b XXXX .... .... .... .... .... .... .... ....
        z/c XXXX .... .... .... .... .... .... .... ....
        """;

    private static IEnumerable<KubeScenario> Kubernetes() =>
    [
        new("default-allow-without-policy", string.Empty, AllAllowed),

        new("deny-all-ingress-in-x", """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: deny-all
              namespace: x
            spec:
              podSelector: {}
              policyTypes: [Ingress]
            """, """
            x/a .... XXXX XXXX .... .... .... .... .... ....
            x/b XXXX .... XXXX .... .... .... .... .... ....
            x/c XXXX XXXX .... .... .... .... .... .... ....
            y/a XXXX XXXX XXXX .... .... .... .... .... ....
            y/b XXXX XXXX XXXX .... .... .... .... .... ....
            y/c XXXX XXXX XXXX .... .... .... .... .... ....
            z/a XXXX XXXX XXXX .... .... .... .... .... ....
            z/b XXXX XXXX XXXX .... .... .... .... .... ....
            z/c XXXX XXXX XXXX .... .... .... .... .... ....
            """),

        new("deny-all-egress-in-x", """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: deny-all-egress
              namespace: x
            spec:
              podSelector: {}
              policyTypes: [Egress]
            """, """
            x/a .... XXXX XXXX XXXX XXXX XXXX XXXX XXXX XXXX
            x/b XXXX .... XXXX XXXX XXXX XXXX XXXX XXXX XXXX
            x/c XXXX XXXX .... XXXX XXXX XXXX XXXX XXXX XXXX
            y/a .... .... .... .... .... .... .... .... ....
            y/b .... .... .... .... .... .... .... .... ....
            y/c .... .... .... .... .... .... .... .... ....
            z/a .... .... .... .... .... .... .... .... ....
            z/b .... .... .... .... .... .... .... .... ....
            z/c .... .... .... .... .... .... .... .... ....
            """),

        new("ingress-from-pod-selector", """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: allow-b
              namespace: x
            spec:
              podSelector:
                matchLabels:
                  pod: a
              ingress:
              - from:
                - podSelector:
                    matchLabels:
                      pod: b
            """, OnlyXbToXa),

        new("ingress-from-namespace-selector", """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: allow-ns-y
              namespace: x
            spec:
              podSelector:
                matchLabels:
                  pod: a
              ingress:
              - from:
                - namespaceSelector:
                    matchLabels:
                      ns: y
            """, """
            x/a .... .... .... .... .... .... .... .... ....
            x/b XXXX .... .... .... .... .... .... .... ....
            x/c XXXX .... .... .... .... .... .... .... ....
            y/a .... .... .... .... .... .... .... .... ....
            y/b .... .... .... .... .... .... .... .... ....
            y/c .... .... .... .... .... .... .... .... ....
            z/a XXXX .... .... .... .... .... .... .... ....
            z/b XXXX .... .... .... .... .... .... .... ....
            z/c XXXX .... .... .... .... .... .... .... ....
            """),

        new("ingress-pod-and-namespace-selector-in-one-peer", """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: allow-y-b
              namespace: x
            spec:
              podSelector:
                matchLabels:
                  pod: a
              ingress:
              - from:
                - namespaceSelector:
                    matchLabels:
                      ns: y
                  podSelector:
                    matchLabels:
                      pod: b
            """, """
            x/a .... .... .... .... .... .... .... .... ....
            x/b XXXX .... .... .... .... .... .... .... ....
            x/c XXXX .... .... .... .... .... .... .... ....
            y/a XXXX .... .... .... .... .... .... .... ....
            y/b .... .... .... .... .... .... .... .... ....
            y/c XXXX .... .... .... .... .... .... .... ....
            z/a XXXX .... .... .... .... .... .... .... ....
            z/b XXXX .... .... .... .... .... .... .... ....
            z/c XXXX .... .... .... .... .... .... .... ....
            """),

        new("ingress-pod-and-namespace-selector-as-separate-peers", """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: allow-y-or-b
              namespace: x
            spec:
              podSelector:
                matchLabels:
                  pod: a
              ingress:
              - from:
                - namespaceSelector:
                    matchLabels:
                      ns: y
                - podSelector:
                    matchLabels:
                      pod: b
            """, """
            x/a .... .... .... .... .... .... .... .... ....
            x/b .... .... .... .... .... .... .... .... ....
            x/c XXXX .... .... .... .... .... .... .... ....
            y/a .... .... .... .... .... .... .... .... ....
            y/b .... .... .... .... .... .... .... .... ....
            y/c .... .... .... .... .... .... .... .... ....
            z/a XXXX .... .... .... .... .... .... .... ....
            z/b XXXX .... .... .... .... .... .... .... ....
            z/c XXXX .... .... .... .... .... .... .... ....
            """),

        new("ingress-ip-block-with-except", """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: allow-block
              namespace: x
            spec:
              podSelector:
                matchLabels:
                  pod: a
              ingress:
              - from:
                - ipBlock:
                    cidr: 10.0.0.0/16
                    except: [10.0.2.0/24]
            """, """
            x/a .... .... .... .... .... .... .... .... ....
            x/b .... .... .... .... .... .... .... .... ....
            x/c .... .... .... .... .... .... .... .... ....
            y/a XXXX .... .... .... .... .... .... .... ....
            y/b XXXX .... .... .... .... .... .... .... ....
            y/c XXXX .... .... .... .... .... .... .... ....
            z/a .... .... .... .... .... .... .... .... ....
            z/b .... .... .... .... .... .... .... .... ....
            z/c .... .... .... .... .... .... .... .... ....
            """),

        new("ingress-named-port-tcp", """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: allow-named-80
              namespace: x
            spec:
              podSelector:
                matchLabels:
                  pod: a
              ingress:
              - ports:
                - port: serve-80-tcp
            """, """
            x/a .... .... .... .... .... .... .... .... ....
            x/b .XXX .... .... .... .... .... .... .... ....
            x/c .XXX .... .... .... .... .... .... .... ....
            y/a .XXX .... .... .... .... .... .... .... ....
            y/b .XXX .... .... .... .... .... .... .... ....
            y/c .XXX .... .... .... .... .... .... .... ....
            z/a .XXX .... .... .... .... .... .... .... ....
            z/b .XXX .... .... .... .... .... .... .... ....
            z/c .XXX .... .... .... .... .... .... .... ....
            """),

        new("ingress-named-port-udp", """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: allow-named-udp-81
              namespace: x
            spec:
              podSelector:
                matchLabels:
                  pod: a
              ingress:
              - ports:
                - protocol: UDP
                  port: serve-81-udp
            """, """
            x/a .... .... .... .... .... .... .... .... ....
            x/b XXX. .... .... .... .... .... .... .... ....
            x/c XXX. .... .... .... .... .... .... .... ....
            y/a XXX. .... .... .... .... .... .... .... ....
            y/b XXX. .... .... .... .... .... .... .... ....
            y/c XXX. .... .... .... .... .... .... .... ....
            z/a XXX. .... .... .... .... .... .... .... ....
            z/b XXX. .... .... .... .... .... .... .... ....
            z/c XXX. .... .... .... .... .... .... .... ....
            """),

        new("ingress-port-range-with-end-port", """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: allow-80-81
              namespace: x
            spec:
              podSelector:
                matchLabels:
                  pod: a
              ingress:
              - ports:
                - protocol: TCP
                  port: 80
                  endPort: 81
            """, """
            x/a .... .... .... .... .... .... .... .... ....
            x/b ..XX .... .... .... .... .... .... .... ....
            x/c ..XX .... .... .... .... .... .... .... ....
            y/a ..XX .... .... .... .... .... .... .... ....
            y/b ..XX .... .... .... .... .... .... .... ....
            y/c ..XX .... .... .... .... .... .... .... ....
            z/a ..XX .... .... .... .... .... .... .... ....
            z/b ..XX .... .... .... .... .... .... .... ....
            z/c ..XX .... .... .... .... .... .... .... ....
            """),

        new("ingress-tcp-port-and-udp-range", """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: allow-mixed
              namespace: x
            spec:
              podSelector:
                matchLabels:
                  pod: a
              ingress:
              - ports:
                - protocol: TCP
                  port: 80
                - protocol: UDP
                  port: 81
                  endPort: 90
            """, """
            x/a .... .... .... .... .... .... .... .... ....
            x/b .XX. .... .... .... .... .... .... .... ....
            x/c .XX. .... .... .... .... .... .... .... ....
            y/a .XX. .... .... .... .... .... .... .... ....
            y/b .XX. .... .... .... .... .... .... .... ....
            y/c .XX. .... .... .... .... .... .... .... ....
            z/a .XX. .... .... .... .... .... .... .... ....
            z/b .XX. .... .... .... .... .... .... .... ....
            z/c .XX. .... .... .... .... .... .... .... ....
            """),

        new("ingress-port-without-protocol-is-tcp", """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: allow-81
              namespace: x
            spec:
              podSelector:
                matchLabels:
                  pod: a
              ingress:
              - ports:
                - port: 81
            """, """
            x/a .... .... .... .... .... .... .... .... ....
            x/b X.XX .... .... .... .... .... .... .... ....
            x/c X.XX .... .... .... .... .... .... .... ....
            y/a X.XX .... .... .... .... .... .... .... ....
            y/b X.XX .... .... .... .... .... .... .... ....
            y/c X.XX .... .... .... .... .... .... .... ....
            z/a X.XX .... .... .... .... .... .... .... ....
            z/b X.XX .... .... .... .... .... .... .... ....
            z/c X.XX .... .... .... .... .... .... .... ....
            """),

        new("ingress-protocol-without-port-is-every-port", """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: allow-udp
              namespace: x
            spec:
              podSelector:
                matchLabels:
                  pod: a
              ingress:
              - ports:
                - protocol: UDP
            """, """
            x/a .... .... .... .... .... .... .... .... ....
            x/b XX.. .... .... .... .... .... .... .... ....
            x/c XX.. .... .... .... .... .... .... .... ....
            y/a XX.. .... .... .... .... .... .... .... ....
            y/b XX.. .... .... .... .... .... .... .... ....
            y/c XX.. .... .... .... .... .... .... .... ....
            z/a XX.. .... .... .... .... .... .... .... ....
            z/b XX.. .... .... .... .... .... .... .... ....
            z/c XX.. .... .... .... .... .... .... .... ....
            """),

        new("several-policies-are-unioned", """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: allow-b-80
              namespace: x
            spec:
              podSelector:
                matchLabels:
                  pod: a
              ingress:
              - from:
                - podSelector:
                    matchLabels:
                      pod: b
                ports:
                - port: 80
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: allow-ns-z
              namespace: x
            spec:
              podSelector:
                matchLabels:
                  pod: a
              ingress:
              - from:
                - namespaceSelector:
                    matchLabels:
                      ns: z
            """, """
            x/a .... .... .... .... .... .... .... .... ....
            x/b .XXX .... .... .... .... .... .... .... ....
            x/c XXXX .... .... .... .... .... .... .... ....
            y/a XXXX .... .... .... .... .... .... .... ....
            y/b XXXX .... .... .... .... .... .... .... ....
            y/c XXXX .... .... .... .... .... .... .... ....
            z/a .... .... .... .... .... .... .... .... ....
            z/b .... .... .... .... .... .... .... .... ....
            z/c .... .... .... .... .... .... .... .... ....
            """),

        new("egress-only-dns-to-z", """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: dns-only
              namespace: x
            spec:
              podSelector: {}
              policyTypes: [Egress]
              egress:
              - to:
                - namespaceSelector:
                    matchLabels:
                      ns: z
                ports:
                - protocol: UDP
                  port: 53
            """, """
            x/a .. XX XX XX XX XX X. X. X.
            x/b XX .. XX XX XX XX X. X. X.
            x/c XX XX .. XX XX XX X. X. X.
            y/a .. .. .. .. .. .. .. .. ..
            y/b .. .. .. .. .. .. .. .. ..
            y/c .. .. .. .. .. .. .. .. ..
            z/a .. .. .. .. .. .. .. .. ..
            z/b .. .. .. .. .. .. .. .. ..
            z/c .. .. .. .. .. .. .. .. ..
            """, Probes: [Probe.Tcp(80), Probe.Udp(53)]),

        new("ingress-and-egress-in-one-policy", """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: a-in-from-b-out-to-c
              namespace: x
            spec:
              podSelector:
                matchLabels:
                  pod: a
              policyTypes: [Ingress, Egress]
              ingress:
              - from:
                - podSelector:
                    matchLabels:
                      pod: b
              egress:
              - to:
                - podSelector:
                    matchLabels:
                      pod: c
            """, """
            x/a .... XXXX .... XXXX XXXX XXXX XXXX XXXX XXXX
            x/b .... .... .... .... .... .... .... .... ....
            x/c XXXX .... .... .... .... .... .... .... ....
            y/a XXXX .... .... .... .... .... .... .... ....
            y/b XXXX .... .... .... .... .... .... .... ....
            y/c XXXX .... .... .... .... .... .... .... ....
            z/a XXXX .... .... .... .... .... .... .... ....
            z/b XXXX .... .... .... .... .... .... .... ....
            z/c XXXX .... .... .... .... .... .... .... ....
            """),

        new("egress-to-namespace-selector", """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: egress-to-y
              namespace: x
            spec:
              podSelector: {}
              policyTypes: [Egress]
              egress:
              - to:
                - namespaceSelector:
                    matchLabels:
                      ns: y
            """, """
            x/a .... XXXX XXXX .... .... .... XXXX XXXX XXXX
            x/b XXXX .... XXXX .... .... .... XXXX XXXX XXXX
            x/c XXXX XXXX .... .... .... .... XXXX XXXX XXXX
            y/a .... .... .... .... .... .... .... .... ....
            y/b .... .... .... .... .... .... .... .... ....
            y/c .... .... .... .... .... .... .... .... ....
            z/a .... .... .... .... .... .... .... .... ....
            z/b .... .... .... .... .... .... .... .... ....
            z/c .... .... .... .... .... .... .... .... ....
            """),

        new("egress-to-ip-block", """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: a-egress-to-block
              namespace: x
            spec:
              podSelector:
                matchLabels:
                  pod: a
              policyTypes: [Egress]
              egress:
              - to:
                - ipBlock:
                    cidr: 10.0.2.0/24
            """, """
            x/a .... XXXX XXXX .... .... .... XXXX XXXX XXXX
            x/b .... .... .... .... .... .... .... .... ....
            x/c .... .... .... .... .... .... .... .... ....
            y/a .... .... .... .... .... .... .... .... ....
            y/b .... .... .... .... .... .... .... .... ....
            y/c .... .... .... .... .... .... .... .... ....
            z/a .... .... .... .... .... .... .... .... ....
            z/b .... .... .... .... .... .... .... .... ....
            z/c .... .... .... .... .... .... .... .... ....
            """),

        new("deny-all-and-allow-all-union-to-allow", """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: deny-all
              namespace: x
            spec:
              podSelector: {}
              policyTypes: [Ingress]
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: allow-all
              namespace: x
            spec:
              podSelector: {}
              ingress:
              - {}
            """, AllAllowed),

        new("empty-namespace-selector-means-every-namespace", """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: allow-any-b
              namespace: x
            spec:
              podSelector:
                matchLabels:
                  pod: a
              ingress:
              - from:
                - namespaceSelector: {}
                  podSelector:
                    matchLabels:
                      pod: b
            """, """
            x/a .... .... .... .... .... .... .... .... ....
            x/b .... .... .... .... .... .... .... .... ....
            x/c XXXX .... .... .... .... .... .... .... ....
            y/a XXXX .... .... .... .... .... .... .... ....
            y/b .... .... .... .... .... .... .... .... ....
            y/c XXXX .... .... .... .... .... .... .... ....
            z/a XXXX .... .... .... .... .... .... .... ....
            z/b .... .... .... .... .... .... .... .... ....
            z/c XXXX .... .... .... .... .... .... .... ....
            """),

        new("match-expressions-in-pod-selector", """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: allow-b-or-c
              namespace: x
            spec:
              podSelector:
                matchExpressions:
                - key: pod
                  operator: In
                  values: [a]
              ingress:
              - from:
                - podSelector:
                    matchExpressions:
                    - key: pod
                      operator: In
                      values: [b, c]
            """, """
            x/a .... .... .... .... .... .... .... .... ....
            x/b .... .... .... .... .... .... .... .... ....
            x/c .... .... .... .... .... .... .... .... ....
            y/a XXXX .... .... .... .... .... .... .... ....
            y/b XXXX .... .... .... .... .... .... .... ....
            y/c XXXX .... .... .... .... .... .... .... ....
            z/a XXXX .... .... .... .... .... .... .... ....
            z/b XXXX .... .... .... .... .... .... .... ....
            z/c XXXX .... .... .... .... .... .... .... ....
            """),
    ];
}
