package controls

import "github.com/ecsgate/ecsgate/internal/lazyre"

// ecsControls check the cluster, the services and the task definitions.
var ecsControls = []Control{
	{
		ID: "CT.ECS.PR.1", SecurityHub: []string{"ECS.10"},
		Asks: "Fargate services on the LATEST platform version", Types: []string{ecsServiceType},
		Setting: "always: no platform version is pinned", Cost: "none",
		check: func(t *Template, r Resource) string {
			if !isText(r.Properties["LaunchType"], "FARGATE") {
				return ""
			}
			if v, ok := r.Properties["PlatformVersion"]; ok && !isText(v, "LATEST") {
				return "PlatformVersion is not LATEST"
			}
			return ""
		},
	},
	{
		ID: "CT.ECS.PR.2", SecurityHub: []string{"ECS.12"},
		Asks: "Container Insights on the cluster", Types: []string{"AWS::ECS::Cluster"},
		Setting: "cluster.insights: enabled (the default; the control's check takes no other value, enhanced included)",
		Cost:    "Container Insights' metrics",
		check: func(t *Template, r Resource) string {
			settings, _ := list(r.Properties["ClusterSettings"])
			for _, s := range settings {
				m, _ := s.(map[string]any)
				if isText(m["Name"], "containerInsights") && isText(m["Value"], "enabled") {
					return ""
				}
			}
			return "containerInsights is not enabled"
		},
	},
	{
		ID:   "CT.ECS.PR.3",
		Asks: "containers run as a user that is not root", Types: []string{taskDefinitionType},
		Setting: "services[].containers[].user, not root (required under security: strict)",
		Cost:    "the image must run as that user: its files readable by it, its ports 1024 or above",
		check: eachContainer(func(c map[string]any) string {
			user, ok := c["User"]
			if !ok {
				return "a container has no User"
			}
			if isRoot(user) {
				return "a container runs as root"
			}
			return ""
		}),
	},
	{
		ID:   "CT.ECS.PR.4",
		Asks: "awsvpc networking", Types: []string{taskDefinitionType},
		Setting: "always", Cost: "none",
		check: func(t *Template, r Resource) string {
			if compat, ok := r.Properties["RequiresCompatibilities"]; ok {
				l, _ := list(compat)
				applies := false
				for _, c := range l {
					applies = applies || oneOf(c, "EC2", "FARGATE")
				}
				if !applies {
					return ""
				}
			}
			if !isText(r.Properties["NetworkMode"], "awsvpc") {
				return "NetworkMode is not awsvpc"
			}
			return ""
		},
	},
	{
		ID: "CT.ECS.PR.5", SecurityHub: []string{"ECS.9"},
		Asks: "a log configuration for every container", Types: []string{taskDefinitionType},
		Setting: "always: awslogs into the service's log group", Cost: "none",
		check: eachContainer(func(c map[string]any) string {
			lc, ok := c["LogConfiguration"].(map[string]any)
			if !ok || len(lc) == 0 || !nonEmptyText(lc["LogDriver"]) {
				return "a container has no LogConfiguration with a LogDriver"
			}
			return ""
		}),
	},
	{
		ID: "CT.ECS.PR.6", SecurityHub: []string{"ECS.5"},
		Asks: "read-only root filesystems", Types: []string{taskDefinitionType},
		Setting: "services[].containers[].readonlyRootFilesystem: true with writablePaths for what the image writes (security: strict)",
		Cost:    "the image may write only to its writable paths (task-local volumes such as /tmp); not with ECS Exec",
		check: eachContainer(func(c map[string]any) string {
			if !isTrue(c["ReadonlyRootFilesystem"]) {
				return "a container's root filesystem is writable"
			}
			return ""
		}),
	},
	{
		ID:   "CT.ECS.PR.7",
		Asks: "a memory limit for every container", Types: []string{taskDefinitionType},
		Setting: "services[].containers[].memory on each container of a task of several (required under security: strict; a task of one container always takes the task's memory)",
		Cost:    "none: the limits share the task's memory",
		check: eachContainer(func(c map[string]any) string {
			if n, ok := number(c["Memory"]); !ok || n < 4 {
				return "a container has no Memory limit"
			}
			return ""
		}),
	},
	{
		ID: "CT.ECS.PR.8", SecurityHub: []string{"ECS.1"},
		Asks: "host networking only with a user that is not root", Types: []string{taskDefinitionType},
		Setting: "always: tasks use awsvpc", Cost: "none",
		check: func(t *Template, r Resource) string {
			if !isText(r.Properties["NetworkMode"], "host") {
				return ""
			}
			return eachContainer(func(c map[string]any) string {
				if isTrue(c["Privileged"]) {
					return ""
				}
				if user, ok := c["User"]; ok && !isRoot(user) {
					return ""
				}
				return "a container of a host-networking task runs as root"
			})(t, r)
		},
	},
	{
		ID: "CT.ECS.PR.9", SecurityHub: []string{"ECS.2"},
		Asks: "no public IP addresses for tasks", Types: []string{ecsServiceType},
		Setting: "always: tasks run in private subnets", Cost: "none",
		check: func(t *Template, r Resource) string {
			vpc, ok := get(r.Properties, "NetworkConfiguration", "AwsvpcConfiguration")
			if !ok || !isMap(vpc) {
				return ""
			}
			if v, ok := get(vpc, "AssignPublicIp"); ok && !isText(v, "DISABLED") {
				return "AssignPublicIp is not DISABLED"
			}
			return ""
		},
	},
	{
		ID: "CT.ECS.PR.10", SecurityHub: []string{"ECS.3"},
		Asks: "no sharing of the host's process namespace", Types: []string{taskDefinitionType},
		Setting: "always", Cost: "none",
		check: func(t *Template, r Resource) string {
			if v, ok := r.Properties["PidMode"]; ok && (!nonEmptyText(v) || isText(v, "host")) {
				return "PidMode is host"
			}
			return ""
		},
	},
	{
		ID: "CT.ECS.PR.11", SecurityHub: []string{"ECS.4"},
		Asks: "no privileged containers", Types: []string{taskDefinitionType},
		Setting: "always", Cost: "none",
		check: eachContainer(func(c map[string]any) string {
			if v, ok := c["Privileged"]; ok && !isFalse(v) {
				return "a container is privileged"
			}
			return ""
		}),
	},
	{
		ID: "CT.ECS.PR.12", SecurityHub: []string{"ECS.8"},
		Asks: "no AWS credentials in environment variables", Types: []string{taskDefinitionType},
		Setting: "always: validation refuses them", Cost: "none",
		check: eachContainer(func(c map[string]any) string {
			env, _ := list(c["Environment"])
			for _, e := range env {
				if oneOf(mustGet(e, "Name"), "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "ECS_ENGINE_AUTH_DATA") {
					return "a container has AWS credentials in its environment"
				}
			}
			return ""
		}),
	},
}

const (
	ecsServiceType     = "AWS::ECS::Service"
	taskDefinitionType = "AWS::ECS::TaskDefinition"
)

// eachContainer checks every container definition of a task definition
// that has any, and returns the first reason one fails.
func eachContainer(check func(c map[string]any) string) func(t *Template, r Resource) string {
	return func(t *Template, r Resource) string {
		containers, _ := list(r.Properties["ContainerDefinitions"])
		for _, c := range containers {
			m, _ := c.(map[string]any)
			if why := check(m); why != "" {
				return why
			}
		}
		return ""
	}
}

// rootUser matches the users CT.ECS.PR.3 takes for root.
var rootUser = lazyre.New(`^(0|root)(:.*)?$`)

// isRoot reports whether a container's User is root.
func isRoot(user any) bool {
	if n, ok := number(user); ok {
		return n == 0
	}
	return matches(user, rootUser)
}
