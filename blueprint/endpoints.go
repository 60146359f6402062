package blueprint

import (
	"slices"
	"sort"
)

// Endpoint is a VPC endpoint the tasks need when the network's egress is
// "endpoints", and the feature that needs it.
type Endpoint struct {
	// Service is the endpoint's service name without the com.amazonaws.REGION
	// prefix: ecr.api, logs, s3, ...
	Service string
	// Gateway is true for the S3 gateway endpoint (route tables, no ENIs).
	Gateway bool
	// Reason says which feature needs it.
	Reason string
}

// Endpoints derives the VPC endpoints of a Blueprint with defaults applied:
// none unless egress is "endpoints"; otherwise what every Fargate task needs
// (ECR through ecr.api, ecr.dkr and S3, where image layers live, and logs) and
// what the features add (ECS Exec: ssmmessages, ssm, ec2messages), plus
// network.endpoints. Secrets add ssm, secretsmanager and, with customer
// keys, kms. Sorted by service name.
func (b *Blueprint) Endpoints() []Endpoint {
	needed := b.neededEndpoints()
	if e := b.Network.Existing; e != nil {
		needed = slices.DeleteFunc(needed, func(ep Endpoint) bool { return slices.Contains(e.PresentEndpoints, ep.Service) })
	}
	return needed
}

// neededEndpoints are the endpoints the tasks need, whether the VPC has
// them already or not.
func (b *Blueprint) neededEndpoints() []Endpoint {
	if b.Network.Egress != EgressEndpoints {
		return nil
	}
	found := map[string]Endpoint{}
	need := func(service, reason string) {
		if _, ok := found[service]; !ok {
			found[service] = Endpoint{Service: service, Gateway: service == "s3", Reason: reason}
		}
	}
	need("ecr.api", "pulling images from ECR (registry API)")
	need("ecr.dkr", "pulling images from ECR (image manifests)")
	need("s3", "pulling images from ECR (layers are stored in S3)")
	need("logs", "the awslogs log driver of every container")
	for _, s := range b.Services {
		if s.Exec {
			need("ssmmessages", "ECS Exec sessions (service "+s.Name+")")
			need("ssm", "ECS Exec: the SSM agent registers (service "+s.Name+")")
			need("ec2messages", "ECS Exec: SSM agent messages (service "+s.Name+")")
		}
		if s.ReadParameters {
			need("ssm", "the application reads Parameter Store (service "+s.Name+")")
		}
		if s.Queue != nil {
			need("sqs", "the application receives from its queue (service "+s.Name+")")
		}
		if len(b.SendsTo(&s)) > 0 {
			need("sqs", "the application sends to queues (service "+s.Name+")")
		}
		if len(b.Publishes(&s)) > 0 {
			need("sns", "the application publishes to topics (service "+s.Name+")")
		}
		for _, c := range s.Containers {
			for _, name := range sortedKeys(c.Secrets) {
				ref := c.Secrets[name]
				switch {
				case ref.Parameter != "":
					need("ssm", "secrets injected from Parameter Store (service "+s.Name+")")
				case ref.Secret != "":
					need("secretsmanager", "secrets injected from Secrets Manager (service "+s.Name+")")
				}
				if ref.KMSKey != "" || (ref.Secret != "" && b.Secret(ref.Secret) != nil && b.Secret(ref.Secret).KMSKey != "") {
					need("kms", "customer-managed KMS keys of injected secrets (service "+s.Name+")")
				}
			}
		}
	}
	for _, e := range b.Network.Endpoints {
		need(e, "requested in network.endpoints")
	}
	list := make([]Endpoint, 0, len(found))
	for _, e := range found {
		list = append(list, e)
	}
	sort.Slice(list, func(i, j int) bool { return list[i].Service < list[j].Service })
	return list
}
