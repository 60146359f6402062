package render

import (
	"encoding/json"

	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/ecr"
	"github.com/awslabs/goformation/v7/cloudformation/policies"

	"github.com/ecsgate/ecsgate/blueprint"
)

// repositories creates, in the shared stack, the ECR repositories the images
// of every environment name: one repository per image, whichever
// environments run it, so that the digest tested in dev is the one prod runs.
func (r *builder) repositories() {
	for _, name := range r.bp.Account.Repositories {
		r.repository(blueprint.RepositoryID(name), name)
	}
}

// repository creates an ECR repository: immutable tags (a tag always means the
// same image, so a rollback is a real rollback), scan on push, and a lifecycle
// rule that keeps the newest images. Images are data that other stacks or
// rollbacks may still need: the repository is kept when the stack is deleted
// or it is replaced, except by a rollback of the stack operation that created
// it (RetainExceptOnCreate), which leaves nothing behind to make a retry fail
// on its name. It has no output: its URI is the registry's host and its name,
// which gen render prints, and an output per repository would pass
// CloudFormation's 200 outputs long before its 500 resources.
func (r *builder) repository(rid, name string) {
	r.add(rid, &ecr.Repository{
		RepositoryName:                       cloudformation.String(name),
		ImageTagMutability:                   cloudformation.String("IMMUTABLE"),
		ImageScanningConfiguration:           &ecr.Repository_ImageScanningConfiguration{ScanOnPush: cloudformation.Bool(true)},
		EncryptionConfiguration:              &ecr.Repository_EncryptionConfiguration{EncryptionType: "AES256"},
		LifecyclePolicy:                      &ecr.Repository_LifecyclePolicy{LifecyclePolicyText: cloudformation.String(lifecyclePolicy(r.bp.Account.KeepImages))},
		AWSCloudFormationDeletionPolicy:      policies.DeletionPolicy("RetainExceptOnCreate"),
		AWSCloudFormationUpdateReplacePolicy: policies.UpdateReplacePolicy("Retain"),
	})
}

// lifecyclePolicy is the ECR lifecycle policy text keeping the newest keep images.
func lifecyclePolicy(keep int) string {
	type selection struct {
		TagStatus   string `json:"tagStatus"`
		CountType   string `json:"countType"`
		CountNumber int    `json:"countNumber"`
	}
	type rule struct {
		RulePriority int               `json:"rulePriority"`
		Description  string            `json:"description"`
		Selection    selection         `json:"selection"`
		Action       map[string]string `json:"action"`
	}
	text, _ := json.Marshal(map[string][]rule{"rules": {{
		RulePriority: 1,
		Description:  "Keep only the newest images",
		Selection:    selection{TagStatus: "any", CountType: "imageCountMoreThan", CountNumber: keep},
		Action:       map[string]string{"type": "expire"},
	}}})
	return string(text)
}
