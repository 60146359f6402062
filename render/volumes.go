package render

import (
	"maps"
	"slices"
	"strconv"

	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/ec2"
	"github.com/awslabs/goformation/v7/cloudformation/ecs"
	"github.com/awslabs/goformation/v7/cloudformation/efs"
	"github.com/awslabs/goformation/v7/cloudformation/policies"
	"github.com/awslabs/goformation/v7/cloudformation/tags"

	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/internal/intrinsic"
)

// nfsPort is the port of EFS's mount targets (NFS).
const nfsPort = 2049

// volumes creates what each volume needs: its own file system, or an
// access point on an existing one.
func (r *builder) volumes() {
	for i := range r.bp.Volumes {
		if v := &r.bp.Volumes[i]; v.Existing != nil {
			r.existingVolume(v)
		} else {
			r.ownVolume(v)
		}
	}
}

// ownVolume creates a volume's EFS file system, a mount target in each
// private subnet behind a security group of their own, and the access
// point every task mounts it through. Nothing has a name of its own:
// environments in one account never collide.
func (r *builder) ownVolume(v *blueprint.Volume) {
	r.fileSystem(v)
	r.accessPoint(v, r.mountTargets(v))
	r.output(v.FileSystemOutput(), "ID of the EFS file system of volume "+v.Name+".", intrinsic.Ref(v.FileSystemID()))
	r.output(v.AccessPointOutput(), "ID of the EFS access point the tasks mount volume "+v.Name+" through.", intrinsic.Ref(v.AccessPointID()))
}

// existingVolume creates the access point of a volume on an existing file
// system: the file system, its mount targets and their group are someone
// else's.
func (r *builder) existingVolume(v *blueprint.Volume) {
	r.accessPoint(v, nil)
	r.output(v.AccessPointOutput(), "ID of the EFS access point the tasks mount volume "+v.Name+" (file system "+v.Existing.ID+") through.", intrinsic.Ref(v.AccessPointID()))
}

// mountTargets creates the volume's mount targets, one in each private
// subnet (one per Availability Zone, the most EFS takes), and their
// security group, which admits what volumeMounts adds; it returns their
// logical IDs.
func (r *builder) mountTargets(v *blueprint.Volume) []string {
	r.add(v.FileSystemSecurityGroupID(), &ec2.SecurityGroup{
		GroupDescription: "Mount targets of volume " + v.Name + ": the tasks that mount it are admitted on NFS",
		VpcId:            cloudformation.String(r.net.vpcID),
		// A mount target answers; it opens no connection.
		SecurityGroupEgress: denyAllIfEmpty(nil),
		Tags:                nameTag(v.Name),
	})
	var targets []string
	for j, subnet := range r.net.private {
		r.add(v.MountTargetID(j), &efs.MountTarget{
			FileSystemId:   intrinsic.Ref(v.FileSystemID()),
			SubnetId:       subnet,
			SecurityGroups: []string{intrinsic.Ref(v.FileSystemSecurityGroupID())},
		})
		targets = append(targets, v.MountTargetID(j))
	}
	return targets
}

// fileSystem is a volume's file system: encrypted at rest with EFS's AWS
// managed key, backed up daily by AWS Backup, with elastic throughput (it
// follows the load, paid per use, as AWS recommends for spiky or unknown
// workloads), the storage class transitions the Blueprint asks (each
// transition a policy of its own, as EFS requires), and a policy that
// refuses every client not over TLS. The policy allows nothing: a task
// reaches the files through the grants of its own role (the access
// point's ARN in the condition), which the tasks that mount the volume
// alone have.
func (r *builder) fileSystem(v *blueprint.Volume) {
	fs := &efs.FileSystem{
		Encrypted:       cloudformation.Bool(true),
		BackupPolicy:    &efs.FileSystem_BackupPolicy{Status: "ENABLED"},
		PerformanceMode: cloudformation.String("generalPurpose"),
		ThroughputMode:  cloudformation.String("elastic"),
		FileSystemPolicy: policy(statement{
			Sid:       "TlsOnly",
			Effect:    "Deny",
			Principal: map[string]any{"AWS": "*"},
			Action:    []string{"elasticfilesystem:ClientMount", "elasticfilesystem:ClientRootAccess", "elasticfilesystem:ClientWrite"},
			Condition: map[string]any{"Bool": map[string]any{"aws:SecureTransport": "false"}},
		}),
	}
	if v.InfrequentAfter != 0 {
		fs.LifecyclePolicies = append(fs.LifecyclePolicies, efs.FileSystem_LifecyclePolicy{TransitionToIA: cloudformation.String(blueprint.TransitionValue(v.InfrequentAfter))})
	}
	if v.ArchiveAfter != 0 {
		fs.LifecyclePolicies = append(fs.LifecyclePolicies, efs.FileSystem_LifecyclePolicy{TransitionToArchive: cloudformation.String(blueprint.TransitionValue(v.ArchiveAfter))})
	}
	for _, t := range r.volumeTags(v) {
		fs.FileSystemTags = append(fs.FileSystemTags, efs.FileSystem_ElasticFileSystemTag{Key: t.Key, Value: t.Value})
	}
	fs.AWSCloudFormationDeletionPolicy, fs.AWSCloudFormationUpdateReplacePolicy = fileSystemLifetime(v)
	r.add(v.FileSystemID(), fs)
}

// fileSystemRef, fileSystemArn and mountTargetGroup name a volume's file
// system, its ARN and its mount targets' security group: the stack's own,
// or an existing file system's as the Blueprint gives them.
func fileSystemRef(v *blueprint.Volume) string {
	if v.Existing != nil {
		return v.Existing.ID
	}
	return intrinsic.Ref(v.FileSystemID())
}

func fileSystemArn(v *blueprint.Volume) string {
	if v.Existing != nil {
		return intrinsic.Sub("arn:${AWS::Partition}:elasticfilesystem:${AWS::Region}:${AWS::AccountId}:file-system/" + v.Existing.ID)
	}
	return intrinsic.GetAtt(v.FileSystemID(), "Arn")
}

func mountTargetGroup(v *blueprint.Volume) string {
	if v.Existing != nil {
		return v.Existing.SecurityGroup
	}
	return intrinsic.Ref(v.FileSystemSecurityGroupID())
}

// fileSystemLifetime is what becomes of a volume's file system when its
// stack is deleted or a change replaces it (see dataLifetime).
func fileSystemLifetime(v *blueprint.Volume) (policies.DeletionPolicy, policies.UpdateReplacePolicy) {
	return dataLifetime(v.Retained())
}

// dataLifetime is what becomes of a resource that holds the application's
// data (a file system, a bucket, a table) when its stack is deleted or a
// change replaces it: retained, the data outlives both, but nothing is
// kept when the stack's creation rolls back, before anything was written;
// otherwise the resource and its data go.
func dataLifetime(retained bool) (policies.DeletionPolicy, policies.UpdateReplacePolicy) {
	if !retained {
		return policies.DeletionPolicy("Delete"), policies.UpdateReplacePolicy("Delete")
	}
	return policies.DeletionPolicy("RetainExceptOnCreate"), policies.UpdateReplacePolicy("Retain")
}

// accessPoint is the volume's one way in: every operation through it runs
// as the volume's user and group, under its directory, which EFS creates
// with them as owner (Control Tower's CT.ELASTICFILESYSYSTEM.PR.3 and
// PR.4). It waits for the mount targets, so that a task, which names the
// access point, never starts before it can mount.
func (r *builder) accessPoint(v *blueprint.Volume, mountTargets []string) {
	uid, gid := strconv.Itoa(v.UID), strconv.Itoa(v.GID)
	ap := &efs.AccessPoint{
		FileSystemId: fileSystemRef(v),
		PosixUser:    &efs.AccessPoint_PosixUser{Uid: uid, Gid: gid},
		RootDirectory: &efs.AccessPoint_RootDirectory{
			Path:         cloudformation.String(v.Directory()),
			CreationInfo: &efs.AccessPoint_CreationInfo{OwnerUid: uid, OwnerGid: gid, Permissions: blueprint.VolumePermissions},
		},
	}
	for _, t := range r.volumeTags(v) {
		ap.AccessPointTags = append(ap.AccessPointTags, efs.AccessPoint_AccessPointTag{Key: cloudformation.String(t.Key), Value: cloudformation.String(t.Value)})
	}
	ap.AWSCloudFormationDependsOn = mountTargets
	r.add(v.AccessPointID(), ap)
}

// volumeTags are the tags of a volume's file system and access point,
// which EFS takes in lists of their own, where applyTags does not look:
// the Name every resource of the stack has, then the Blueprint's tags.
func (r *builder) volumeTags(v *blueprint.Volume) []tags.Tag {
	list := nameTag(v.Name)
	for _, k := range slices.Sorted(maps.Keys(r.bp.Tags)) {
		list = append(list, tags.Tag{Key: k, Value: r.bp.Tags[k]})
	}
	return list
}

// mountsReady are the rules that admit a service's tasks to the volumes
// they mount: a task that starts before them cannot mount, and fails.
func (r *builder) mountsReady(s *blueprint.Service) []string {
	var ids []string
	for _, m := range r.bp.MountsOf(s) {
		ids = append(ids, s.MountIngressID(m.Volume))
	}
	return ids
}

// volumeMounts admits a service's tasks to the mount targets of each
// volume they mount, on NFS, from the tasks' own group; their way out is
// the group's egress (see mountEgress).
func (r *builder) volumeMounts(s *blueprint.Service) {
	for _, m := range r.bp.MountsOf(s) {
		r.add(s.MountIngressID(m.Volume), admitTasks(mountTargetGroup(m.Volume), s, nfsPort, "NFS from the tasks of service "+s.Name))
	}
}

// mountEgress are the rules of a service's tasks' group that let them
// reach the mount targets of the volumes they mount, on NFS alone.
func (r *builder) mountEgress(s *blueprint.Service) []ec2.SecurityGroup_Egress {
	var egress []ec2.SecurityGroup_Egress
	for _, m := range r.bp.MountsOf(s) {
		egress = append(egress, toGroup(mountTargetGroup(m.Volume), nfsPort, "NFS to volume "+m.Volume.Name))
	}
	return egress
}

// mountedVolumes are the task definition's EFS volumes, each named as the
// Blueprint's volume and mounted through its access point, with the task
// role's identity (IAM) and TLS, which both the access point and the
// file system's policy require.
func (r *builder) mountedVolumes(s *blueprint.Service) []ecs.TaskDefinition_Volume {
	var list []ecs.TaskDefinition_Volume
	for _, m := range r.bp.MountsOf(s) {
		list = append(list, ecs.TaskDefinition_Volume{
			Name: cloudformation.String(m.Volume.Name),
			EFSVolumeConfiguration: &ecs.TaskDefinition_EFSVolumeConfiguration{
				FilesystemId:      fileSystemRef(m.Volume),
				TransitEncryption: cloudformation.String("ENABLED"),
				AuthorizationConfig: &ecs.TaskDefinition_AuthorizationConfig{
					AccessPointId: intrinsic.RefPtr(m.Volume.AccessPointID()),
					IAM:           cloudformation.String("ENABLED"),
				},
			},
		})
	}
	return list
}

// mountPoints are where a container sees the volumes it mounts.
func mountPoints(c blueprint.Container) []ecs.TaskDefinition_MountPoint {
	var list []ecs.TaskDefinition_MountPoint
	for _, m := range c.Mounts {
		list = append(list, ecs.TaskDefinition_MountPoint{
			SourceVolume:  cloudformation.String(m.Volume),
			ContainerPath: cloudformation.String(m.Path),
			ReadOnly:      cloudformation.Bool(m.ReadOnly),
		})
	}
	return list
}

// volumeStatements are what a service's tasks may do with the volumes they
// mount: mount each file system, and write to those a container mounts
// writable, only through the volume's access point (EFS User Guide, "Using
// IAM to control access to file systems": elasticfilesystem:AccessPointArn).
// Root access is never granted.
func (r *builder) volumeStatements(s *blueprint.Service) []statement {
	var list []statement
	for _, m := range r.bp.MountsOf(s) {
		actions := []string{"elasticfilesystem:ClientMount"}
		sid := "Read"
		if m.Writes {
			actions = append(actions, "elasticfilesystem:ClientWrite")
			sid = "ReadWrite"
		}
		list = append(list, statement{
			Sid:       sid + blueprint.LogicalName(m.Volume.Name),
			Effect:    "Allow",
			Action:    actions,
			Resource:  []string{fileSystemArn(m.Volume)},
			Condition: map[string]any{"StringEquals": map[string]any{"elasticfilesystem:AccessPointArn": intrinsic.GetAtt(m.Volume.AccessPointID(), "Arn")}},
		})
	}
	return list
}
