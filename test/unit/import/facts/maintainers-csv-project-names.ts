/**
 * The distinct project names (the parser's `project`, sub-group qualifiers stripped) of five versions of
 * foundation's project-maintainers.csv, read with parseProjectMaintainersCsv. Together they hold every
 * one of the 266 names the file used in its 921 parseable first-parent versions, 2021-07-23 → 2026-08-21
 * (the other 9, of 2022-07-18, do not parse and hold no other name). Keyed by "commit date".
 */
export const MAINTAINERS_CSV_PROJECT_NAMES: Record<string, string[]> = {
  'c083722 2021-08-26': names(`
Antrea
Argo
Artifact Hub
Athenz
Backstage
BFE
Brigade
Buildpacks
cert-manager
ChaosBlade
ChaosMesh
ChubaoFS
Cloud Custodian
Cloud Development Kit for Kubernetes (cdk8s)
CloudEvents
CNI
CNI-Genie
containerd
Contour
CoreDNS
Cortex
CRI-O
Crossplane
Curiefense
Dex
Distribution
Dragonfly
Emissary-Ingress
Envoy
etcd
Falco
Fluentd
Fluid
Flux
Fonio
gRPC
Harbor
Helm
In-Toto
Jaeger
k3s
k8dash
k8gb
Keda
Keptn
Keylime
Krator
Krustlet
Kube-OVN
kube-vip
KubeDL
KubeEdge
Kuberhealthy
Kubernetes
KubeVela
Kubevirt
Kudo
Kuma
Kyverno
Linkerd
LitmusChaos
Longhorn
Meshery
metal3-io
NATS
Network Service Mesh
Notary
Open Policy Agent
Open Service Mesh
OpenEBS
OpenGitOps
OpenKruise
OpenMetrics
OpenTelemetry
OpenTracing
OpenYurt
Operator Framework
ORAS (OCI Registry as Storage)
Parsec
Piraeus-Datastore
Pixie
Porter
Pravega
Prometheus
Rook
SchemaHero
Serverless Workflow Specification
Service Mesh Interface
Service Mesh Performance
SPIFFE
SPIRE
Strimzi
Submariner
Telepresence
Thanos
TiKV
Tinkerbell
Tremor
Trickster
TUF (The Update Framework)
Vineyard
Virtual Kubelet
Vitess
Volcano
wasmCloud
WasmEdge Runtime
`),
  'a8c3faa 2023-06-30': names(`
Aeraki Mesh
Akri
Antrea
Argo
Armada
Artifact Hub
Athenz
Backstage
BFE
Buildpacks
Carina
Carvel
cert-manager
ChaosBlade
ChaosMesh
Cilium
Cloud Custodian
Cloud Development Kit for Kubernetes (cdk8s)
CloudEvents
Clusternet
Clusterpedia
CNI
CNI-Genie
Confidential Containers
containerd
ContainerSSH
Contour
CoreDNS
Cortex
CRI-O
Crossplane
CubeFS
Curiefense
Curve
Dapr
Devfile
DevSpace
DevStream
Dex
Distribution
Dragonfly
Emissary-ingress
Envoy
etcd
External Secrets Operator
FabEdge
Falco
Fluentd
Fluid
Flux
Fonio
gRPC
Harbor
Headlamp
Helm
Hexa Policy Orchestrator
HwameiStor
In-Toto
Inclavare Containers
Inspektor Gadget
Istio
Jaeger
k3s
k8gb
K8up
Karmada
KEDA
Kepler
Keptn
Keycloak
Keylime
Knative
ko
Konveyor
Krator
Krustlet
Kube-OVN
kube-rs
kube-vip
KubeArmor
KubeDL
KubeEdge
Kuberhealthy
Kubernetes
Kubescape
KubeVela
KubeVirt
kubewarden
Kudo
Kuma
Kured
Kyverno
Lima
Linkerd
LitmusChaos
Longhorn
Merbridge
Meshery
metal3-io
MetalLB
Microcks
NATS
Network Service Mesh
Nocalhost
Notary
OPCR
Open Cluster Management
Open Policy Agent
Open Service Mesh
OpenCost
OpenEBS
OpenELB
OpenFeature
OpenFGA
OpenFunction
OpenGitOps
OpenKruise
OpenMetrics
OpenTelemetry
OpenYurt
Operator Framework
ORAS (OCI Registry as Storage)
Paralus
Parsec
PipeCD
Piraeus-Datastore
Pixie
Porter
Pravega
Prometheus
Rook
SchemaHero
sealer
Serverless Devs
Serverless Workflow Specification
Service Mesh Interface
Service Mesh Performance
skooner
SlimToolkit
SPIFFE
SPIRE
Strimzi
Submariner
SuperEdge
Telepresence
Teller
Thanos
TiKV
Tinkerbell
Tremor
Trickster
TUF (The Update Framework)
Vineyard
Virtual Kubelet
Visual Studio Code Kubernetes Tools
Vitess
Volcano
wasmCloud
WasmEdge Runtime
werf
Xline
zot
`),
  '2c9d1b7 2025-11-03': names(`
Aeraki Mesh
Akri
Antrea
Argo
Armada
Artifact Hub
Athenz
Atlantis
Backstage
Bank-Vaults
BFE
bootc
bpfman
Buildpacks
Capsule
Carina
Cartography
Carvel
cert-manager
ChaosBlade
ChaosMesh
Cilium
Cloud Custodian
Cloud Development Kit for Kubernetes (cdk8s)
CloudEvents
CloudNativePG
Clusternet
Clusterpedia
CNI
composefs
Confidential Containers
Connect RPC
container2wasm
containerd
ContainerSSH
Contour
Copa
CoreDNS
Cortex
Cozystack
CRI-O
Crossplane
CubeFS
Dalec
Dapr
Devfile
DevSpace
Dex
Distribution
Dragonfly
Drasi
Easegress
Emissary-ingress
Envoy
Eraser
etcd
External Secrets Operator
Falco
Flatcar Container Linux
Fluentd
Fluid
Flux
gRPC
HAMi
Harbor
Headlamp
Helm
Hexa Policy Orchestrator
HwameiStor
Hyperlight
In-Toto
Inclavare Containers
Inspektor Gadget
interLink
Istio
Jaeger
k0s
k3s
k8gb
k8sgpt-ai
K8up
kagent
Kairos
KAITO
Kanister
Karmada
kcl
kcp
KEDA
Kepler
Keycloak
Keylime
kgateway
KitOps
Kmesh
Knative
ko
Konveyor
Koordinator
kpt
Krkn
KServe
Kuadrant
Kuasar
kube-burner
Kube-OVN
kube-rs
kube-vip
Kubean
KubeArmor
Kubeclipper
KubeEdge
KubeFleet
Kubeflow
Kuberhealthy
Kubernetes
Kubescape
KubeSlice
KubeStellar
KubeVela
KubeVirt
kubewarden
Kudo
Kuma
Kured
KusionStack
Kyverno
Lima
Linkerd
LitmusChaos
Logging Operator
Longhorn
LoxiLB
Meshery
metal3-io
MetalLB
Microcks
ModelPack
NATS
Network Service Mesh
Notary
OAuth2 Proxy
OPCR
Open Cluster Management
Open Policy Agent
OpenCost
OpenEBS
OpenFeature
OpenFGA
OpenFunction
openGemini
OpenGitOps
OpenKruise
OpenTelemetry
OpenTofu
OpenYurt
Operator Framework
ORAS (OCI Registry as Storage)
OSCAL-COMPASS
OVN-Kubernetes
Paralus
Parsec
Perses
PipeCD
Piraeus-Datastore
Pixie
Podman Container Tools
Podman Desktop
Porter
Prometheus
Radius
Ratify
Rook
Runme Notebooks
SchemaHero
Score
Sealer
Sermant
Serverless Devs
Serverless Workflow Specification
Shipwright
SlimFaas
SlimToolkit
SOPS
Spiderpool
SPIFFE
Spin
SpinKube
SPIRE
Stacker
Strimzi
Submariner
Telepresence
Thanos
TiKV
Tinkerbell
Tokenetes
Trickster
TUF (The Update Framework)
urunc
Vineyard
Virtual Kubelet
Visual Studio Code Kubernetes Tools
Vitess
Volcano
wasmCloud
WasmEdge Runtime
werf
xregistry
youki
zot
`),
  'fe7ef7d 2026-08-19': names(`
Aeraki Mesh
Agones
Akri
Antrea
Apicurio
Argo
Armada
Artifact Hub
Athenz
Atlantis
Backstage
Bank-Vaults
BFE
bootc
bpfman
Buildpacks
Cadence
Capsule
Carina
Cartography
Carvel
Cedar
cert-manager
ChaosBlade
ChaosMesh
Cilium
Cloud Custodian
Cloud Development Kit for Kubernetes (cdk8s)
CloudEvents
CloudNativePG
Clusternet
Clusterpedia
CNI
CoHDI
composefs
Confidential Containers
Connect RPC
container2wasm
containerd
ContainerSSH
Contour
Copa
CoreDNS
Cortex
Cozystack
CRI-O
Crossplane
CubeFS
Curvine
Dalec
Dapr
Devfile
DevSpace
Dex
Distribution
Dragonfly
Drasi
Easegress
Emissary-ingress
Envoy
Eraser
External Secrets Operator
Falco
Flatcar Container Linux
Fluentd
Fluid
Flux
gRPC
HAMi
Harbor
Headlamp
Helm
Higress
HolmesGPT
HwameiStor
Hyperlight
In-Toto
Inclavare Containers
Inspektor Gadget
interLink
Istio
Jaeger
k0s
k3s
k8gb
k8sgpt-ai
K8up
kagent
KAI Scheduler
Kairos
KAITO
Kanister
Karmada
kbind
kcl
kcp
KEDA
Kepler
Keycloak
Keylime
kgateway
KitOps
Kmesh
Knative
ko
Konveyor
Koordinator
kpt
Krkn
KServe
Kuadrant
Kuasar
kube-burner
Kube-OVN
kube-rs
kube-vip
Kubean
KubeArmor
Kubeclipper
KubeEdge
KubeElasti
KubeFleet
Kubeflow
Kuberhealthy
Kubernetes
Kubescape
KubeSlice
KubeStellar
KubeVela
KubeVirt
Kubewarden
Kudo
Kuma
Kured
KusionStack
Kyverno
Lima
Linkerd
LitmusChaos
llm-d
Logging Operator
Longhorn
LoxiLB
Meshery
metal3-io
MetalLB
Microcks
ModelPack
NATS
Network Service Mesh
NMstate
Notary
OAuth2 Proxy
OPCR
Open Cluster Management
Open Policy Agent
Open Workflow Specification
OpenChoreo
OpenCost
OpenEBS
OpenEverest
OpenFeature
OpenFGA
OpenFunction
openGemini
OpenGitOps
OpenKruise
OpenTelemetry
OpenTofu
OpenYurt
Operator Framework
ORAS (OCI Registry as Storage)
OSCAL-COMPASS
OVN-Kubernetes
Oxia
Paralus
Parsec
Perses
PipeCD
Piraeus-Datastore
Pixie
Podman Container Tools
Podman Desktop
Porter
Prometheus
Radius
Ratify
Rook
Runme Notebooks
SchemaHero
Score
Sermant
Serverless Devs
Shipwright
SlimFaas
SlimToolkit
SOPS
Spiderpool
SPIFFE
Spin
SpinKube
SPIRE
stacker
Strimzi
Submariner
Tekton
Telepresence
Thanos
TiKV
Tinkerbell
Tokenetes
Tremor
Trickster
TUF (The Update Framework)
urunc
Velero
Virtual Kubelet
Vitess
Volcano
VS Code Kubernetes Tools
wasmCloud
WasmEdge Runtime
werf
xregistry
youki
zot
`),
  '7596c66 2026-08-21': names(`
Aeraki Mesh
Agones
Akri
Antrea
Apicurio Registry
Argo
Armada
Artifact Hub
Athenz
Atlantis
Backstage
Bank-Vaults
BFE
bootc
bpfman
Buildpacks
Cadence
Capsule
Carina
Cartography
Carvel
Cedar
cert-manager
ChaosBlade
ChaosMesh
Cilium
Cloud Custodian
Cloud Development Kit for Kubernetes (cdk8s)
CloudEvents
CloudNativePG
Clusternet
Clusterpedia
CNI
CoHDI
composefs
Confidential Containers
Connect RPC
container2wasm
containerd
ContainerSSH
Contour
Copa
CoreDNS
Cortex
Cozystack
CRI-O
Crossplane
CubeFS
Curvine
Dalec
Dapr
Devfile
DevSpace
Dex
Distribution
Dragonfly
Drasi
Easegress
Emissary-ingress
Envoy
Eraser
External Secrets Operator
Falco
Flatcar Container Linux
Fluentd
Fluid
Flux
gRPC
HAMi
Harbor
Headlamp
Helm
Higress
HolmesGPT
HwameiStor
Hyperlight
In-Toto
Inclavare Containers
Inspektor Gadget
interLink
Istio
Jaeger
k0s
k3s
k8gb
k8sgpt-ai
K8up
kagent
KAI Scheduler
Kairos
KAITO
Kanister
Karmada
kbind
kcl
kcp
KEDA
Kepler
Keycloak
Keylime
kgateway
KitOps
Kmesh
Knative
ko
Konveyor
Koordinator
kpt
Krkn
KServe
Kuadrant
Kuasar
kube-burner
Kube-OVN
kube-rs
kube-vip
Kubean
KubeArmor
Kubeclipper
KubeEdge
KubeElasti
KubeFleet
Kubeflow
Kuberhealthy
Kubernetes
Kubescape
KubeSlice
KubeStellar
KubeVela
KubeVirt
Kubewarden
Kudo
Kuma
Kured
KusionStack
Kyverno
Lima
Linkerd
LitmusChaos
llm-d
Logging Operator
Longhorn
LoxiLB
Meshery
metal3
MetalLB
Microcks
ModelPack
NATS
Network Service Mesh
NMstate
Notary
OAuth2 Proxy
OPCR
Open Cluster Management
Open Policy Agent
Open Workflow Specification
OpenChoreo
OpenCost
OpenEBS
OpenEverest
OpenFeature
OpenFGA
OpenFunction
openGemini
OpenGitOps
OpenKruise
OpenTelemetry
OpenTofu
OpenYurt
Operator Framework
ORAS (OCI Registry as Storage)
OSCAL-COMPASS
OVN-Kubernetes
Oxia
Paralus
Parsec
Perses
PipeCD
Piraeus-Datastore
Pixie
Podman Container Tools
Podman Desktop
Porter
Prometheus
Radius
Ratify
Rook
Runme Notebooks
SchemaHero
Score
Sermant
Serverless Devs
Shipwright
SlimFaas
SlimToolkit
SOPS
Spiderpool
SPIFFE
Spin
SpinKube
SPIRE
stacker
Strimzi
Submariner
Tekton
Telepresence
Thanos
TiKV
Tinkerbell
Tokenetes
Tremor
Trickster
TUF (The Update Framework)
urunc
Velero
Virtual Kubelet
Vitess
Volcano
VS Code Kubernetes Tools
wasmCloud
WasmEdge Runtime
werf
xregistry
youki
zot
`),
};

function names(lines: string): string[] {
  return lines
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}
