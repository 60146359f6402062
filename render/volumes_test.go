package render

import (
	"reflect"
	"slices"
	"testing"

	"github.com/awslabs/goformation/v7/cloudformation/ecs"

	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/internal/intrinsic"
)

// mountedServices share the volume media: cms writes to it from one
// container and reads from another, thumbs reads it only; a scheduled
// service writes to the volume exports; other mounts nothing.
const mountedServices = `name: site
tags: {team: web}
volumes: [{name: media, infrequentAfter: 1, archiveAfter: 90}, {name: exports, uid: 2000, gid: 3000, retain: false}]
services:
  - name: cms
    cpu: 256
    memory: 512
    containers:
      - {name: app, image: {uri: "public.ecr.aws/nginx/nginx:1.27"}, mounts: [{volume: media, path: /srv/media}]}
      - {name: sidecar, image: {uri: "public.ecr.aws/nginx/nginx:1.27"}, essential: false, mounts: [{volume: media, path: /media, readOnly: true}]}
  - name: thumbs
    cpu: 256
    memory: 512
    containers: [{name: app, image: {uri: "public.ecr.aws/nginx/nginx:1.27"}, mounts: [{volume: media, path: /media, readOnly: true}]}]
  - name: report
    cpu: 256
    memory: 512
    schedule: {expression: rate(1 day)}
    containers: [{name: app, image: {uri: "public.ecr.aws/nginx/nginx:1.27"}, mounts: [{volume: exports, path: /exports}]}]
  - name: other
    cpu: 256
    memory: 512
    containers: [{name: app, image: {uri: "public.ecr.aws/nginx/nginx:1.27"}}]
`

// TestVolume: each volume's file system is encrypted, backed up, elastic,
// kept after the stack (deleted with it with retain: false), moves files to the storage classes asked (each
// transition a policy of its own) and no others, and refuses clients not
// over TLS; a mount target
// in each private subnet behind the volume's own group, which admits NFS
// from the tasks that mount it alone; an access point with the volume's
// user, its directory and the Blueprint's tags, that waits for the mount
// targets; each task definition mounts its volumes once, through the
// access point with IAM and TLS; the task roles may mount, and write only
// where a container mounts writable, through the access point alone; the
// tasks' groups reach NFS, and the service and the schedule wait for the
// rules that admit them; the service that mounts nothing has none of it.
func TestVolume(t *testing.T) {
	b, err := blueprint.Read("site.yaml", []byte(mountedServices))
	if err != nil {
		t.Fatal(err)
	}
	tmpl := mustTemplate(t, b)

	fs, err := tmpl.GetEFSFileSystemWithName("MediaFileSystem")
	if err != nil {
		t.Fatal(err)
	}
	if !*fs.Encrypted || fs.BackupPolicy.Status != "ENABLED" || *fs.ThroughputMode != "elastic" || fs.AWSCloudFormationDeletionPolicy != "RetainExceptOnCreate" || fs.AWSCloudFormationUpdateReplacePolicy != "Retain" {
		t.Errorf("MediaFileSystem: %+v", fs)
	}
	if len(fs.LifecyclePolicies) != 2 || *fs.LifecyclePolicies[0].TransitionToIA != "AFTER_1_DAY" || fs.LifecyclePolicies[0].TransitionToArchive != nil ||
		*fs.LifecyclePolicies[1].TransitionToArchive != "AFTER_90_DAYS" || fs.LifecyclePolicies[1].TransitionToIA != nil {
		t.Errorf("MediaFileSystem's lifecycle: %+v", fs.LifecyclePolicies)
	}
	if exports, _ := tmpl.GetEFSFileSystemWithName("ExportsFileSystem"); exports == nil || exports.LifecyclePolicies != nil ||
		exports.AWSCloudFormationDeletionPolicy != "Delete" || exports.AWSCloudFormationUpdateReplacePolicy != "Delete" {
		t.Errorf("ExportsFileSystem (retain: false) moves files, or is kept: %+v", exports)
	}
	tls := statementOf(t, fs.FileSystemPolicy, "TlsOnly")
	if tls.Effect != "Deny" || len(fs.FileSystemPolicy.(policyDocument).Statement) != 1 {
		t.Errorf("file system policy: %+v", fs.FileSystemPolicy)
	}
	if got := []string{fs.FileSystemTags[0].Key, fs.FileSystemTags[1].Key}; !slices.Equal(got, []string{"Name", "team"}) {
		t.Errorf("tags: %v", got)
	}

	for i := range 2 {
		mt, err := tmpl.GetEFSMountTargetWithName("MediaFileSystemMountTarget" + string(rune('1'+i)))
		if err != nil {
			t.Fatal(err)
		}
		if mt.FileSystemId != intrinsic.Ref("MediaFileSystem") || !slices.Equal(mt.SecurityGroups, []string{intrinsic.Ref("MediaFileSystemSecurityGroup")}) {
			t.Errorf("mount target %d: %+v", i+1, mt)
		}
	}
	ap, err := tmpl.GetEFSAccessPointWithName("ExportsFileSystemAccessPoint")
	if err != nil {
		t.Fatal(err)
	}
	if ap.PosixUser.Uid != "2000" || ap.PosixUser.Gid != "3000" || *ap.RootDirectory.Path != blueprint.DefaultVolumeDirectory ||
		ap.RootDirectory.CreationInfo.OwnerUid != "2000" || ap.RootDirectory.CreationInfo.OwnerGid != "3000" ||
		!slices.Equal(ap.AWSCloudFormationDependsOn, []string{"ExportsFileSystemMountTarget1", "ExportsFileSystemMountTarget2"}) {
		t.Errorf("ExportsFileSystemAccessPoint: %+v", ap)
	}

	for _, c := range []struct {
		service string
		mounts  []string // volume names in the task definition
		writes  []string // the role's statements
		reads   []string
	}{
		{"cms", []string{"media"}, []string{"ReadWriteMedia"}, nil},
		{"thumbs", []string{"media"}, nil, []string{"ReadMedia"}},
		{"report", []string{"exports"}, []string{"ReadWriteExports"}, nil},
		{"other", nil, nil, nil},
	} {
		s := b.Service(c.service)
		td, err := tmpl.GetECSTaskDefinitionWithName(s.LogicalID("TaskDefinition"))
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, v := range td.Volumes {
			names = append(names, *v.Name)
			e := v.EFSVolumeConfiguration
			vol := b.Volume(*v.Name)
			if *e.TransitEncryption != "ENABLED" || *e.AuthorizationConfig.IAM != "ENABLED" || *e.AuthorizationConfig.AccessPointId != intrinsic.Ref(vol.AccessPointID()) || e.FilesystemId != intrinsic.Ref(vol.FileSystemID()) {
				t.Errorf("%s: volume %+v", c.service, e)
			}
		}
		if !slices.Equal(names, c.mounts) {
			t.Errorf("%s: volumes %v, want %v", c.service, names, c.mounts)
		}
		role, err := tmpl.GetIAMRoleWithName(s.LogicalID("TaskRole"))
		if err != nil {
			t.Fatal(err)
		}
		var sids []string
		for _, p := range role.Policies {
			if p.PolicyName == "volumes" {
				for _, st := range p.PolicyDocument.(policyDocument).Statement {
					sids = append(sids, st.Sid)
					want := []string{"elasticfilesystem:ClientMount"}
					if slices.Contains(c.writes, st.Sid) {
						want = append(want, "elasticfilesystem:ClientWrite")
					}
					if !slices.Equal(st.Action, want) || len(st.Condition) != 1 {
						t.Errorf("%s: %s allows %v when %v", c.service, st.Sid, st.Action, st.Condition)
					}
				}
			}
		}
		if !slices.Equal(sids, append(c.writes, c.reads...)) {
			t.Errorf("%s: statements %v", c.service, sids)
		}
		_, err = tmpl.GetEC2SecurityGroupIngressWithName(s.MountIngressID(b.Volume("media")))
		if mountsMedia := slices.Contains(c.mounts, "media"); (err == nil) != mountsMedia {
			t.Errorf("%s: ingress to media: %v", c.service, err)
		}
	}

	cms, err := tmpl.GetECSTaskDefinitionWithName("CmsTaskDefinition")
	if err != nil {
		t.Fatal(err)
	}
	want := [][]ecs.TaskDefinition_MountPoint{
		{{SourceVolume: ptrTo("media"), ContainerPath: ptrTo("/srv/media"), ReadOnly: ptrTo(false)}},
		{{SourceVolume: ptrTo("media"), ContainerPath: ptrTo("/media"), ReadOnly: ptrTo(true)}},
	}
	for i, c := range cms.ContainerDefinitions {
		if !reflect.DeepEqual(c.MountPoints, want[i]) {
			t.Errorf("cms container %d: mount points %+v", i, c.MountPoints)
		}
	}
	service, err := tmpl.GetECSServiceWithName("CmsService")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(service.AWSCloudFormationDependsOn, "CmsMountsMedia") {
		t.Errorf("CmsService does not wait for its NFS rule: %v", service.AWSCloudFormationDependsOn)
	}
	schedule, err := tmpl.GetSchedulerScheduleWithName("ReportSchedule")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(schedule.AWSCloudFormationDependsOn, "ReportMountsExports") {
		t.Errorf("ReportSchedule does not wait for its NFS rule: %v", schedule.AWSCloudFormationDependsOn)
	}
	group, err := tmpl.GetEC2SecurityGroupWithName("ThumbsTaskSecurityGroup")
	if err != nil {
		t.Fatal(err)
	}
	last := group.SecurityGroupEgress[len(group.SecurityGroupEgress)-1]
	if *last.DestinationSecurityGroupId != intrinsic.Ref("MediaFileSystemSecurityGroup") || *last.FromPort != nfsPort || *last.ToPort != nfsPort {
		t.Errorf("thumbs' egress: %+v", group.SecurityGroupEgress)
	}
}

// TestExistingVolume: a volume on an existing file system creates only
// its access point (on the file system's ID, at its directory, with the
// volume's user) and the rule that admits the tasks to the mount targets'
// group; the task definition mounts the file system by ID, the role's
// grants name its ARN, and the tasks' group reaches the given group.
func TestExistingVolume(t *testing.T) {
	src := `name: cms
network: {existing: {id: vpc-0123456789abcdef0, cidr: 10.20.0.0/16, privateSubnets: [subnet-0123456789abcdef0, subnet-0123456789abcdef1]}}
volumes: [{name: media, existing: {id: fs-0123456789abcdef0, securityGroup: sg-0123456789abcdef0, directory: /cms}}]
services:
  - name: cms
    cpu: 256
    memory: 512
    containers: [{name: app, image: {uri: "public.ecr.aws/nginx/nginx:1.27"}, mounts: [{volume: media, path: /srv/media}]}]
`
	b, err := blueprint.Read("cms.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	tmpl := mustTemplate(t, b)
	for _, id := range []string{"MediaFileSystem", "MediaFileSystemSecurityGroup", "MediaFileSystemMountTarget1"} {
		if _, made := tmpl.Resources[id]; made {
			t.Errorf("%s is created", id)
		}
	}
	ap, err := tmpl.GetEFSAccessPointWithName("MediaFileSystemAccessPoint")
	if err != nil {
		t.Fatal(err)
	}
	if ap.FileSystemId != "fs-0123456789abcdef0" || *ap.RootDirectory.Path != "/cms" || ap.PosixUser.Uid != "1000" || ap.AWSCloudFormationDependsOn != nil {
		t.Errorf("access point %+v", ap)
	}
	rule, err := tmpl.GetEC2SecurityGroupIngressWithName("CmsMountsMedia")
	if err != nil {
		t.Fatal(err)
	}
	if *rule.GroupId != "sg-0123456789abcdef0" || *rule.FromPort != nfsPort {
		t.Errorf("rule %+v", rule)
	}
	td, err := tmpl.GetECSTaskDefinitionWithName("CmsTaskDefinition")
	if err != nil {
		t.Fatal(err)
	}
	if got := td.Volumes[0].EFSVolumeConfiguration.FilesystemId; got != "fs-0123456789abcdef0" {
		t.Errorf("the task mounts %s", got)
	}
	role, err := tmpl.GetIAMRoleWithName("CmsTaskRole")
	if err != nil {
		t.Fatal(err)
	}
	grant := statementOf(t, role.Policies[0].PolicyDocument, "ReadWriteMedia")
	if want := intrinsic.Sub("arn:${AWS::Partition}:elasticfilesystem:${AWS::Region}:${AWS::AccountId}:file-system/fs-0123456789abcdef0"); !slices.Equal(grant.Resource, []string{want}) {
		t.Errorf("grant on %v", grant.Resource)
	}
	group, err := tmpl.GetEC2SecurityGroupWithName("CmsTaskSecurityGroup")
	if err != nil {
		t.Fatal(err)
	}
	if last := group.SecurityGroupEgress[len(group.SecurityGroupEgress)-1]; *last.DestinationSecurityGroupId != "sg-0123456789abcdef0" {
		t.Errorf("egress %+v", group.SecurityGroupEgress)
	}
}
