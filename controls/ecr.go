package controls

// ecrControls check the container repositories of the shared stack.
var ecrControls = []Control{
	{
		ID: "CT.ECR.PR.1", SecurityHub: []string{"ECR.3"},
		Asks: "a lifecycle policy on every repository", Types: []string{repositoryType},
		Setting: "always: ecr.keepImages (default 50)", Cost: "none",
		check: func(t *Template, r Resource) string {
			if !nonEmptyText(mustGet(r.Properties, "LifecyclePolicy", "LifecyclePolicyText")) {
				return "no LifecyclePolicy text"
			}
			return ""
		},
	},
	{
		ID: "CT.ECR.PR.2", SecurityHub: []string{"ECR.1"},
		Asks: "image scanning on push", Types: []string{repositoryType},
		Setting: "always", Cost: "none (basic scanning)",
		check: func(t *Template, r Resource) string {
			if !isTrue(mustGet(r.Properties, "ImageScanningConfiguration", "ScanOnPush")) {
				return "ScanOnPush is not true"
			}
			return ""
		},
	},
	{
		ID: "CT.ECR.PR.3", SecurityHub: []string{"ECR.2"},
		Asks: "immutable image tags", Types: []string{repositoryType},
		Setting: "always", Cost: "a tag names one image for good: builds tag with the commit",
		check: func(t *Template, r Resource) string {
			if !isText(r.Properties["ImageTagMutability"], "IMMUTABLE") {
				return "ImageTagMutability is not IMMUTABLE"
			}
			return ""
		},
	},
}

const repositoryType = "AWS::ECR::Repository"

// mustGet is get without the ok: nil when the keys lead nowhere.
func mustGet(v any, keys ...string) any { x, _ := get(v, keys...); return x }
