package controls

// ec2Controls check security groups and subnets.
var ec2Controls = []Control{
	{
		ID: "CT.EC2.PR.3", SecurityHub: []string{"EC2.18"},
		Asks: "only ports 80 and 443 open to anywhere", Types: []string{securityGroupType, ingressType},
		Setting: "always: an internet-facing ALB opens 80 and 443 to its allow list", Cost: "none",
		check: eachOpenIngress(func(rule map[string]any) string {
			from, _ := number(rule["FromPort"])
			to, _ := number(rule["ToPort"])
			if !(from == 80 || from == 443) || from != to {
				return "a port other than 80 and 443 is open to anywhere"
			}
			return ""
		}),
	},
	{
		ID: "CT.EC2.PR.4", SecurityHub: []string{"EC2.19"},
		Asks: "no high-risk port open to anywhere", Types: []string{securityGroupType, ingressType},
		Setting: "always", Cost: "none",
		check: eachOpenIngress(func(rule map[string]any) string {
			from, _ := number(rule["FromPort"])
			to, _ := number(rule["ToPort"])
			for _, p := range []float64{3389, 20, 23, 110, 143, 3306, 8080, 1433, 9200, 9300, 25, 445, 135, 21, 1434, 4333, 5432, 5500, 5601, 22, 3000, 5000, 8088, 8888} {
				if from <= p && to >= p {
					return "a high-risk port is open to anywhere"
				}
			}
			return ""
		}),
	},
	{
		ID: "CT.EC2.PR.11", SecurityHub: []string{"EC2.15"},
		Asks: "subnets that do not give public IP addresses", Types: []string{"AWS::EC2::Subnet"},
		Setting: "always: nothing launches with a public address", Cost: "none",
		check: func(t *Template, r Resource) string {
			if v, ok := r.Properties["MapPublicIpOnLaunch"]; ok && !isFalse(v) {
				return "MapPublicIpOnLaunch is on"
			}
			return ""
		},
	},
}

const (
	securityGroupType = "AWS::EC2::SecurityGroup"
	ingressType       = "AWS::EC2::SecurityGroupIngress"
)

// eachOpenIngress applies check to every ingress rule open to anywhere
// (0.0.0.0/0, ::/0 or a prefix list) of a security group, or to a
// standalone ingress rule: its protocol must be tcp, udp, icmp or icmpv6,
// and check sees the tcp and udp ones, with both ports.
func eachOpenIngress(check func(rule map[string]any) string) func(t *Template, r Resource) string {
	return func(t *Template, r Resource) string {
		rules := []any{r.Properties}
		if r.Type == securityGroupType {
			rules, _ = list(r.Properties["SecurityGroupIngress"])
		}
		for _, x := range rules {
			rule, _ := x.(map[string]any)
			_, prefixList := rule["SourcePrefixListId"]
			if !isText(rule["CidrIp"], "0.0.0.0/0") && !isText(rule["CidrIpv6"], "::/0") && !prefixList {
				continue
			}
			proto := rule["IpProtocol"]
			if !oneOf(proto, "tcp", "udp", "icmp", "icmpv6") {
				return "every protocol is open to anywhere"
			}
			if !oneOf(proto, "tcp", "udp") {
				continue
			}
			if !has(rule, "FromPort") || !has(rule, "ToPort") {
				return "an open rule has no ports"
			}
			if why := check(rule); why != "" {
				return why
			}
		}
		return ""
	}
}
