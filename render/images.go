package render

import (
	"encoding/json"

	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/ecr"
	"github.com/awslabs/goformation/v7/cloudformation/policies"

	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/internal/intrinsic"
)

// images creates the ECR repositories a service is the first to use and one
// template Parameter per image reference of its containers, with the
// Blueprint's value as default. CI can then deploy a new image with
// --parameter-overrides, without regenerating. They belong to the service:
// with stacks: nested, a root holding every service's parameters would pass
// CloudFormation's 200-parameter limit.
func (r *builder) images(s *blueprint.Service) {
	for _, c := range s.Containers {
		img := c.Image
		key := s.Name + "/" + c.Name
		if !img.FromECR() {
			pid := blueprint.ImageParameterID(s.Name, c.Name, "Image")
			r.param(pid, "Image of container "+c.Name+" in service "+s.Name+" (full reference with tag or digest).",
				cloudformation.Parameter{Type: "String", Default: img.URI, MinLength: cloudformation.Int(1)})
			r.imageRefs[key] = intrinsic.Ref(pid)
			if arn, ok := ecrRepositoryARN(img.URI); ok {
				r.pulls[s.Name] = appendUnique(r.pulls[s.Name], arn)
			}
			continue
		}
		repo := blueprint.RepositoryID(img.Repository)
		if !r.repositories[img.Repository] {
			r.repositories[img.Repository] = true
			r.repository(repo, img.Repository)
		}
		r.pulls[s.Name] = appendUnique(r.pulls[s.Name], intrinsic.GetAtt(repo, "Arn"))
		r.imageRefs[key] = r.imageParameters(*s, c, repo)
	}
}

// imageParameters declares the tag and/or digest Parameters of an image in a
// repository the template creates and returns the image reference built from them.
func (r *builder) imageParameters(s blueprint.Service, c blueprint.Container, repo string) string {
	ref := "${" + repo + ".RepositoryUri}"
	if c.Image.Tag != "" {
		pid := blueprint.ImageParameterID(s.Name, c.Name, "ImageTag")
		r.param(pid, "Image tag of container "+c.Name+" in service "+s.Name+".", cloudformation.Parameter{
			Type: "String", Default: c.Image.Tag,
			AllowedPattern:        cloudformation.String(blueprint.TagPattern),
			ConstraintDescription: cloudformation.String("an image tag: letters, digits, _ . -, at most 128"),
		})
		ref += ":${" + pid + "}"
	}
	if c.Image.Digest != "" {
		pid := blueprint.ImageParameterID(s.Name, c.Name, "ImageDigest")
		r.param(pid, "Image digest of container "+c.Name+" in service "+s.Name+".", cloudformation.Parameter{
			Type: "String", Default: c.Image.Digest,
			AllowedPattern:        cloudformation.String(blueprint.DigestPattern),
			ConstraintDescription: cloudformation.String("sha256: followed by 64 hex digits"),
		})
		ref += "@${" + pid + "}"
	}
	return intrinsic.Sub(ref)
}

// repository creates an ECR repository: immutable tags (a tag always means the
// same image, so a rollback is a real rollback), scan on push, and a lifecycle
// rule that keeps the newest images. It is retained on stack deletion because
// images are data that other stacks or rollbacks may still need.
func (r *builder) repository(rid, name string) {
	r.add(rid, &ecr.Repository{
		RepositoryName:                       cloudformation.String(name),
		ImageTagMutability:                   cloudformation.String("IMMUTABLE"),
		ImageScanningConfiguration:           &ecr.Repository_ImageScanningConfiguration{ScanOnPush: cloudformation.Bool(true)},
		EncryptionConfiguration:              &ecr.Repository_EncryptionConfiguration{EncryptionType: "AES256"},
		LifecyclePolicy:                      &ecr.Repository_LifecyclePolicy{LifecyclePolicyText: cloudformation.String(lifecyclePolicy(r.bp.ECR.KeepImages))},
		AWSCloudFormationDeletionPolicy:      policies.DeletionPolicy("Retain"),
		AWSCloudFormationUpdateReplacePolicy: policies.UpdateReplacePolicy("Retain"),
	})
	r.output(rid+"Uri", "URI of the ECR repository "+name+" (push images here).", intrinsic.GetAtt(rid, "RepositoryUri"))
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

// ecrRepositoryARN returns the repository ARN of an image in a private ECR
// registry, so the execution role can be allowed to pull exactly that.
func ecrRepositoryARN(uri string) (string, bool) {
	account, region, name, ok := blueprint.PrivateECRRepository(uri)
	if !ok {
		return "", false
	}
	return intrinsic.Sub("arn:${AWS::Partition}:ecr:" + region + ":" + account + ":repository/" + name), true
}

func appendUnique(list []string, v string) []string {
	for _, x := range list {
		if x == v {
			return list
		}
	}
	return append(list, v)
}
