namespace Calico.Policy.Tests.Conformance;

/// <summary>Calico policy scenarios over the same model. Columns: x/a x/b x/c y/a y/b y/c z/a z/b z/c; cells: tcp/80 tcp/81 udp/80 udp/81.</summary>
internal static partial class KubeScenarios
{
    /// <summary>x/b may not reach x/a; everything else is open.</summary>
    private const string AllButXbToXa = """
        x/a .... .... .... .... .... .... .... .... ....
        x/b XXXX .... .... .... .... .... .... .... ....
        x/c .... .... .... .... .... .... .... .... ....
        y/a .... .... .... .... .... .... .... .... ....
        y/b .... .... .... .... .... .... .... .... ....
        y/c .... .... .... .... .... .... .... .... ....
        z/a .... .... .... .... .... .... .... .... ....
        z/b .... .... .... .... .... .... .... .... ....
        z/c .... .... .... .... .... .... .... .... ....
        """;

    /// <summary>A NetworkPolicy in x selecting pod a that denies ingress from pod b, at <paramref name="order"/> (null: no order).</summary>
    private static string DenyB(string name, string? order) => $"""
        apiVersion: projectcalico.org/v3
        kind: NetworkPolicy
        metadata:
          name: {name}
          namespace: x
        spec:
          {(order is null ? string.Empty : "order: " + order)}
          selector: pod == 'a'
          ingress:
          - action: Deny
            source:
              selector: pod == 'b'
        """;

    /// <summary>A NetworkPolicy in x selecting pod a that allows all ingress, at <paramref name="order"/> (null: no order).</summary>
    private static string AllowAll(string name, string? order) => $"""
        apiVersion: projectcalico.org/v3
        kind: NetworkPolicy
        metadata:
          name: {name}
          namespace: x
        spec:
          {(order is null ? string.Empty : "order: " + order)}
          selector: pod == 'a'
          ingress:
          - action: Allow
        """;

    private static IEnumerable<KubeScenario> Calico() =>
    [
        new("global-policy-across-namespaces", """
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata:
              name: a-from-b
            spec:
              selector: pod == 'a'
              ingress:
              - action: Allow
                source:
                  selector: pod == 'b'
            """, """
            x/a .... .... .... XXXX .... .... XXXX .... ....
            x/b .... .... .... .... .... .... .... .... ....
            x/c XXXX .... .... XXXX .... .... XXXX .... ....
            y/a XXXX .... .... .... .... .... XXXX .... ....
            y/b .... .... .... .... .... .... .... .... ....
            y/c XXXX .... .... XXXX .... .... XXXX .... ....
            z/a XXXX .... .... XXXX .... .... .... .... ....
            z/b .... .... .... .... .... .... .... .... ....
            z/c XXXX .... .... XXXX .... .... XXXX .... ....
            """),

        new("global-policy-namespace-selector", """
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata:
              name: y-not-from-x
            spec:
              namespaceSelector: ns == 'y'
              ingress:
              - action: Deny
                source:
                  namespaceSelector: ns == 'x'
              - action: Allow
            """, """
            x/a .... .... .... XXXX XXXX XXXX .... .... ....
            x/b .... .... .... XXXX XXXX XXXX .... .... ....
            x/c .... .... .... XXXX XXXX XXXX .... .... ....
            y/a .... .... .... .... .... .... .... .... ....
            y/b .... .... .... .... .... .... .... .... ....
            y/c .... .... .... .... .... .... .... .... ....
            z/a .... .... .... .... .... .... .... .... ....
            z/b .... .... .... .... .... .... .... .... ....
            z/c .... .... .... .... .... .... .... .... ....
            """),

        new("rule-namespace-selector-global-matches-no-pod", """
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata:
              name: a-from-non-namespaced
            spec:
              selector: pod == 'a'
              ingress:
              - action: Allow
                source:
                  namespaceSelector: global()
            """, """
            x/a .... .... .... XXXX .... .... XXXX .... ....
            x/b XXXX .... .... XXXX .... .... XXXX .... ....
            x/c XXXX .... .... XXXX .... .... XXXX .... ....
            y/a XXXX .... .... .... .... .... XXXX .... ....
            y/b XXXX .... .... XXXX .... .... XXXX .... ....
            y/c XXXX .... .... XXXX .... .... XXXX .... ....
            z/a XXXX .... .... XXXX .... .... .... .... ....
            z/b XXXX .... .... XXXX .... .... XXXX .... ....
            z/c XXXX .... .... XXXX .... .... XXXX .... ....
            """),

        new("rule-namespace-selector-all-leaves-the-namespace", """
            apiVersion: projectcalico.org/v3
            kind: NetworkPolicy
            metadata:
              name: a-from-any-c
              namespace: x
            spec:
              selector: pod == 'a'
              ingress:
              - action: Allow
                source:
                  selector: pod == 'c'
                  namespaceSelector: all()
            """, """
            x/a .... .... .... .... .... .... .... .... ....
            x/b XXXX .... .... .... .... .... .... .... ....
            x/c .... .... .... .... .... .... .... .... ....
            y/a XXXX .... .... .... .... .... .... .... ....
            y/b XXXX .... .... .... .... .... .... .... ....
            y/c .... .... .... .... .... .... .... .... ....
            z/a XXXX .... .... .... .... .... .... .... ....
            z/b XXXX .... .... .... .... .... .... .... ....
            z/c .... .... .... .... .... .... .... .... ....
            """),

        new("not-selector-is-limited-to-the-namespace", """
            apiVersion: projectcalico.org/v3
            kind: NetworkPolicy
            metadata:
              name: a-from-not-b
              namespace: x
            spec:
              selector: pod == 'a'
              ingress:
              - action: Allow
                source:
                  notSelector: pod == 'b'
            """, """
            x/a .... .... .... .... .... .... .... .... ....
            x/b XXXX .... .... .... .... .... .... .... ....
            x/c .... .... .... .... .... .... .... .... ....
            y/a XXXX .... .... .... .... .... .... .... ....
            y/b XXXX .... .... .... .... .... .... .... ....
            y/c XXXX .... .... .... .... .... .... .... ....
            z/a XXXX .... .... .... .... .... .... .... ....
            z/b XXXX .... .... .... .... .... .... .... ....
            z/c XXXX .... .... .... .... .... .... .... ....
            """),

        new("tier-pass-then-default-tier", """
            apiVersion: projectcalico.org/v3
            kind: Tier
            metadata:
              name: security
            spec:
              order: 100
            ---
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata:
              name: security.gate-y
            spec:
              tier: security
              selector: projectcalico.org/namespace == 'y'
              ingress:
              - action: Pass
                source:
                  namespaceSelector: ns == 'x'
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: a-from-own-namespace
              namespace: y
            spec:
              podSelector:
                matchLabels:
                  pod: a
              ingress:
              - from:
                - podSelector: {}
            """, """
            x/a .... .... .... XXXX .... .... .... .... ....
            x/b .... .... .... XXXX .... .... .... .... ....
            x/c .... .... .... XXXX .... .... .... .... ....
            y/a .... .... .... .... XXXX XXXX .... .... ....
            y/b .... .... .... XXXX .... XXXX .... .... ....
            y/c .... .... .... XXXX XXXX .... .... .... ....
            z/a .... .... .... XXXX XXXX XXXX .... .... ....
            z/b .... .... .... XXXX XXXX XXXX .... .... ....
            z/c .... .... .... XXXX XXXX XXXX .... .... ....
            """),

        new("tier-default-action-pass", """
            apiVersion: projectcalico.org/v3
            kind: Tier
            metadata:
              name: platform
            spec:
              order: 50
              defaultAction: Pass
            ---
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata:
              name: platform.z-not-from-x
            spec:
              tier: platform
              selector: projectcalico.org/namespace == 'z'
              ingress:
              - action: Deny
                source:
                  namespaceSelector: ns == 'x'
            """, """
            x/a .... .... .... .... .... .... XXXX XXXX XXXX
            x/b .... .... .... .... .... .... XXXX XXXX XXXX
            x/c .... .... .... .... .... .... XXXX XXXX XXXX
            y/a .... .... .... .... .... .... .... .... ....
            y/b .... .... .... .... .... .... .... .... ....
            y/c .... .... .... .... .... .... .... .... ....
            z/a .... .... .... .... .... .... .... .... ....
            z/b .... .... .... .... .... .... .... .... ....
            z/c .... .... .... .... .... .... .... .... ....
            """),

        new("tier-default-action-deny", """
            apiVersion: projectcalico.org/v3
            kind: Tier
            metadata:
              name: platform
            spec:
              order: 50
              defaultAction: Deny
            ---
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata:
              name: platform.z-not-from-x
            spec:
              tier: platform
              selector: projectcalico.org/namespace == 'z'
              ingress:
              - action: Deny
                source:
                  namespaceSelector: ns == 'x'
            """, """
            x/a .... .... .... .... .... .... XXXX XXXX XXXX
            x/b .... .... .... .... .... .... XXXX XXXX XXXX
            x/c .... .... .... .... .... .... XXXX XXXX XXXX
            y/a .... .... .... .... .... .... XXXX XXXX XXXX
            y/b .... .... .... .... .... .... XXXX XXXX XXXX
            y/c .... .... .... .... .... .... XXXX XXXX XXXX
            z/a .... .... .... .... .... .... .... XXXX XXXX
            z/b .... .... .... .... .... .... XXXX .... XXXX
            z/c .... .... .... .... .... .... XXXX XXXX ....
            """),

        new("lower-order-deny-before-allow", DenyB("deny-b", "10") + "\n---\n" + AllowAll("allow-all", "20"), AllButXbToXa),

        new("lower-order-allow-before-deny", DenyB("deny-b", "30") + "\n---\n" + AllowAll("allow-all", "20"), AllAllowed),

        new("missing-order-sorts-last", DenyB("deny-b", "1000") + "\n---\n" + AllowAll("allow-all", null), AllButXbToXa),

        new("equal-order-tie-broken-by-name-allow-first", DenyB("b-deny-b", "100") + "\n---\n" + AllowAll("a-allow-all", "100"), AllAllowed),

        new("equal-order-tie-broken-by-name-deny-first", DenyB("a-deny-b", "100") + "\n---\n" + AllowAll("b-allow-all", "100"), AllButXbToXa),

        new("network-set-peer-contains-pods-of-z", """
            apiVersion: projectcalico.org/v3
            kind: NetworkSet
            metadata:
              name: partners
              namespace: x
              labels:
                role: partner
            spec:
              nets: [10.0.3.0/24]
            ---
            apiVersion: projectcalico.org/v3
            kind: NetworkPolicy
            metadata:
              name: a-from-partners
              namespace: x
            spec:
              selector: pod == 'a'
              ingress:
              - action: Allow
                source:
                  selector: role == 'partner'
            """, """
            x/a .... .... .... .... .... .... .... .... ....
            x/b XXXX .... .... .... .... .... .... .... ....
            x/c XXXX .... .... .... .... .... .... .... ....
            y/a XXXX .... .... .... .... .... .... .... ....
            y/b XXXX .... .... .... .... .... .... .... ....
            y/c XXXX .... .... .... .... .... .... .... ....
            z/a .... .... .... .... .... .... .... .... ....
            z/b .... .... .... .... .... .... .... .... ....
            z/c .... .... .... .... .... .... .... .... ....
            """),

        new("service-account-selector-in-every-namespace", """
            apiVersion: projectcalico.org/v3
            kind: NetworkPolicy
            metadata:
              name: a-from-clients
              namespace: x
            spec:
              selector: pod == 'a'
              ingress:
              - action: Allow
                source:
                  namespaceSelector: all()
                  serviceAccounts:
                    selector: role == 'client'
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

        new("service-account-names-in-own-namespace", """
            apiVersion: projectcalico.org/v3
            kind: NetworkPolicy
            metadata:
              name: a-from-sa-c
              namespace: x
            spec:
              selector: pod == 'a'
              ingress:
              - action: Allow
                source:
                  serviceAccounts:
                    names: [sa-c]
            """, """
            x/a .... .... .... .... .... .... .... .... ....
            x/b XXXX .... .... .... .... .... .... .... ....
            x/c .... .... .... .... .... .... .... .... ....
            y/a XXXX .... .... .... .... .... .... .... ....
            y/b XXXX .... .... .... .... .... .... .... ....
            y/c XXXX .... .... .... .... .... .... .... ....
            z/a XXXX .... .... .... .... .... .... .... ....
            z/b XXXX .... .... .... .... .... .... .... ....
            z/c XXXX .... .... .... .... .... .... .... ....
            """),

        new("policy-service-account-selector-selects-endpoints", """
            apiVersion: projectcalico.org/v3
            kind: NetworkPolicy
            metadata:
              name: isolate-clients
              namespace: y
            spec:
              serviceAccountSelector: role == 'client'
              types: [Ingress]
            """, """
            x/a .... .... .... .... XXXX .... .... .... ....
            x/b .... .... .... .... XXXX .... .... .... ....
            x/c .... .... .... .... XXXX .... .... .... ....
            y/a .... .... .... .... XXXX .... .... .... ....
            y/b .... .... .... .... .... .... .... .... ....
            y/c .... .... .... .... XXXX .... .... .... ....
            z/a .... .... .... .... XXXX .... .... .... ....
            z/b .... .... .... .... XXXX .... .... .... ....
            z/c .... .... .... .... XXXX .... .... .... ....
            """),

        new("not-ports-and-not-nets", """
            apiVersion: projectcalico.org/v3
            kind: NetworkPolicy
            metadata:
              name: a-tcp-not-81-not-from-y
              namespace: x
            spec:
              selector: pod == 'a'
              ingress:
              - action: Allow
                protocol: TCP
                source:
                  notNets: [10.0.2.0/24]
                destination:
                  notPorts: [81]
            """, """
            x/a .... .... .... .... .... .... .... .... ....
            x/b .XXX .... .... .... .... .... .... .... ....
            x/c .XXX .... .... .... .... .... .... .... ....
            y/a XXXX .... .... .... .... .... .... .... ....
            y/b XXXX .... .... .... .... .... .... .... ....
            y/c XXXX .... .... .... .... .... .... .... ....
            z/a .XXX .... .... .... .... .... .... .... ....
            z/b .XXX .... .... .... .... .... .... .... ....
            z/c .XXX .... .... .... .... .... .... .... ....
            """),

        new("profiles-in-order-when-no-policy-applies", """
            apiVersion: projectcalico.org/v3
            kind: Profile
            metadata:
              name: deny-udp-in
            spec:
              ingress:
              - action: Deny
                protocol: UDP
            """, """
            x/a .... ..XX ..XX .... .... .... .... .... ....
            x/b ..XX .... ..XX .... .... .... .... .... ....
            x/c ..XX ..XX .... .... .... .... .... .... ....
            y/a ..XX ..XX ..XX .... .... .... .... .... ....
            y/b ..XX ..XX ..XX .... .... .... .... .... ....
            y/c ..XX ..XX ..XX .... .... .... .... .... ....
            z/a ..XX ..XX ..XX .... .... .... .... .... ....
            z/b ..XX ..XX ..XX .... .... .... .... .... ....
            z/c ..XX ..XX ..XX .... .... .... .... .... ....
            """, ExtraProfilesForX: ["deny-udp-in"]),

        new("log-rule-continues", """
            apiVersion: projectcalico.org/v3
            kind: NetworkPolicy
            metadata:
              name: log-then-allow-b
              namespace: x
            spec:
              selector: pod == 'a'
              ingress:
              - action: Log
              - action: Allow
                source:
                  selector: pod == 'b'
            """, OnlyXbToXa),

        new("pass-in-last-tier-falls-through-to-profiles", """
            apiVersion: projectcalico.org/v3
            kind: NetworkPolicy
            metadata:
              name: a-pass-c
              namespace: x
            spec:
              selector: pod == 'a'
              ingress:
              - action: Pass
                source:
                  selector: pod == 'c'
            """, """
            x/a .... .... .... .... .... .... .... .... ....
            x/b XXXX .... .... .... .... .... .... .... ....
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
