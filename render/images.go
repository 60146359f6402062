package render

import (
	"github.com/awslabs/goformation/v7/cloudformation"

	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/internal/intrinsic"
)

// images declares one template Parameter per image reference of a service's
// containers, with the Blueprint's value as default: CI can then deploy a new
// image with --parameter-overrides, without regenerating. They belong to the
// service: with stacks: nested, a root holding every service's parameters
// would pass CloudFormation's 200-parameter limit. An image in an ECR
// repository is pulled from this account's and Region's registry, where the
// shared stack creates the repository (or it exists already).
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
		r.pulls[s.Name] = appendUnique(r.pulls[s.Name], repositoryARN(img.Repository))
		r.imageRefs[key] = r.imageParameters(*s, c)
	}
}

// registry is this account's and Region's ECR registry host, as Fn::Sub
// writes it.
const registry = "${AWS::AccountId}.dkr.ecr.${AWS::Region}.${AWS::URLSuffix}"

// repositoryARN is the ARN of a repository of this account's and Region's
// registry. The environments' stacks name the shared stack's repositories by
// it rather than importing an export: an export would make the shared stack
// impossible to update or delete while any environment is deployed.
func repositoryARN(name string) string {
	return intrinsic.Sub("arn:${AWS::Partition}:ecr:${AWS::Region}:${AWS::AccountId}:repository/" + name)
}

// imageParameters declares the tag and/or digest Parameters of an image in an
// ECR repository of this account and Region and returns the image reference
// built from them.
func (r *builder) imageParameters(s blueprint.Service, c blueprint.Container) string {
	ref := registry + "/" + c.Image.Repository
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
