package diff

import (
	"strings"

	"github.com/ecsgate/ecsgate/internal/cfn"
)

// placementNote says what a change of where an ECS service's tasks run
// (its launch type or capacity provider strategy, which Fargate Spot
// sets) does, "" when neither changed. ECS places the tasks it starts from
// then on by the new strategy, but a new strategy alone starts no
// deployment (UpdateService: it "doesn't trigger a new service
// deployment"): the running tasks stay where they are unless a new task
// definition revision deploys in the same update.
func (r Report) placementNote(rc ResourceChange) string {
	if rc.Type != ecsService || rc.Kind != Changed {
		return ""
	}
	moved := false
	for _, p := range rc.Properties {
		if p.Path == "Properties.LaunchType" || strings.HasPrefix(p.Path, "Properties.CapacityProviderStrategy") {
			moved = true
		}
	}
	if !moved {
		return ""
	}
	const where = "where the tasks run changes (launch type, capacity provider strategy): "
	if r.revises(rc.ID) {
		return where + "the new task definition revision deploys in this update, and its tasks start where the new strategy says"
	}
	return where + "a new strategy starts no deployment, so the running tasks stay where they are until the next deployment or scale-out; aws ecs update-service --force-new-deployment moves them now"
}

// revises reports whether the update deploys a new revision of the task
// definition the service id runs.
func (r Report) revises(id string) bool {
	td := cfn.RefTarget(cfn.Value(cfn.Value(resourceNode(r.new, id), "Properties"), "TaskDefinition"))
	for _, rc := range r.Resources {
		if rc.ID == td && rc.NewRevision() {
			return true
		}
	}
	return false
}
