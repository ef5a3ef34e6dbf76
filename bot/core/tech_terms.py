"""Technical names that people write in lower case, kept as data apart from the checker.

A capitalised name the sources never mention already fails the check; these do not look like
names ("etcd", "bgp", "memcached"), so a draft that swaps one for another would slip through.
Only distinctive names belong here: a word that is also ordinary English ("vault", "spark",
"storm", "varnish", "rust") would reject honest paraphrase, so it is left out. Generic
categories (server, database, cache, router) are paraphrase, not names, and are left out too.
"""

from __future__ import annotations

TECH_TERMS = frozenset(
    """
    etcd consul nomad zookeeper kubernetes k8s kubelet kubectl containerd docker istio
    linkerd openshift openstack vmware esxi kvm qemu xen terraform ansible jenkins argocd
    spinnaker nginx haproxy tomcat
    redis memcached memcache postgres postgresql mysql mariadb mongodb cassandra cockroachdb
    sqlite elasticsearch opensearch clickhouse kafka rabbitmq vitess scylladb hbase hadoop hdfs
    couchbase bigquery bigtable dynamodb cosmosdb
    bgp ospf mpls rpki ecmp vxlan anycast dns dnssec cdn tls ssl ntp dhcp tcp udp quic http
    https grpc ipv4 ipv6 smtp imap ssh sftp ftp ldap saml oauth sso mfa vpn vpc vlan isp ip
    api cpu gpu vm
    s3 ec2 lambda rds sqs sns kinesis cloudfront route53 iam eks ecs elb cloudwatch redshift
    gcp gke gcs pubsub aks
    linux macos ios android ubuntu debian rhel centos
    golang nodejs php erlang prometheus grafana splunk
    """.split()
)
"""Every name the checker treats as technical, as it reads in folded text."""

SPELLINGS: dict[str, tuple[str, ...]] = {
    "kubernetes": ("k8s", "kube"),
    "k8s": ("kubernetes",),
    "postgres": ("postgresql",),
    "postgresql": ("postgres",),
    "memcached": ("memcache",),
    "memcache": ("memcached",),
    "mongodb": ("mongo",),
    "dynamodb": ("dynamo",),
    "cosmosdb": ("cosmos db",),
    "elasticsearch": ("elastic search",),
    "nodejs": ("node.js",),
    "golang": ("go language",),
    "dns": ("domain name system",),
    "dnssec": ("dns security extensions",),
    "bgp": ("border gateway protocol",),
    "ospf": ("open shortest path first",),
    "cdn": ("content delivery network", "content distribution network"),
    "tls": ("transport layer security", "ssl"),
    "ssl": ("secure sockets layer", "tls"),
    "ntp": ("network time protocol",),
    "dhcp": ("dynamic host configuration protocol",),
    "http": ("hypertext transfer protocol", "https"),
    "https": ("http",),
    "ip": ("internet protocol",),
    "isp": ("internet service provider", "internet provider"),
    "vpn": ("virtual private network",),
    "vpc": ("virtual private cloud",),
    "api": ("application programming interface",),
    "sso": ("single sign-on", "single sign on"),
    "mfa": ("multi-factor authentication", "multifactor authentication", "2fa"),
    "cpu": ("processor",),
    "vm": ("virtual machine",),
    "s3": ("simple storage service",),
    "ec2": ("elastic compute cloud",),
    "iam": ("identity and access management",),
    "gcp": ("google cloud",),
    "gke": ("google kubernetes engine",),
    "eks": ("elastic kubernetes service",),
    "aks": ("azure kubernetes service",),
    "route53": ("route 53",),
    "macos": ("mac os", "os x"),
}
"""Other ways the sources may write the same thing: any of them is evidence for the term."""

ORDINARY_PREFIXES = frozenset("mid pre post early late top non sub over under around about circa".split())
"""'mid-2024' is a date said loosely, not an identifier like 'us-east-1'."""

NUMBER_SUFFIXES = (
    "st nd rd th s am pm k m b bn mn x xx ms sec secs min mins h hr hrs gb mb tb kb gbps mbps tbps"
).split()
"""'4th', '3pm', '2.4m', '5xx', '503s', '48hrs': numbers with a unit, not technical names."""
