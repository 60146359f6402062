package copilot

import (
	"gopkg.in/yaml.v3"

	"github.com/ecsgate/ecsgate/blueprint"
)

// volume is a volume of the Blueprint, from a Copilot volume on the
// environment's managed EFS (efs: true, or efs: {uid, gid}).
type volume struct {
	name     string
	uid, gid int
}

// bindNote is the note for a Copilot volume without EFS: a task-local
// volume its containers share, which ends with the task.
const bindNote = "not converted: a volume without EFS is the task's own and ends with it; a read-only root filesystem writes to containers[].writablePaths, and files that must last go on a volume of volumes"

// existingEFSNote is the note for a Copilot volume on a file system of
// its own (efs.id): the Blueprint's volume needs its mount targets'
// security group, which the manifest does not say.
const existingEFSNote = "not converted: declare it in volumes as {name: NAME, existing: {id: %s, securityGroup: SG, directory: %s}} with SG the security group of its mount targets (the EFS console lists it), and mount it in containers[].mounts; network.existing must be the VPC of its mount targets"

// storage converts Copilot's storage: ephemeral as ephemeralStorage
// (Fargate's 20 GiB written as nothing), readonly_fs as the main
// container's read-only root filesystem, and each volume on the
// environment's managed EFS as a volume of the Blueprint, named after the
// service and the volume as Copilot gave each service a directory of its
// own, mounted by the main container. A volume on a file system of its
// own, one without EFS and an environment's own volumes are notes.
func (s *serviceFields) storage(svc, main, m *yaml.Node) {
	storage := value(m, "storage")
	if storage == nil {
		return
	}
	for _, k := range keys(storage) {
		if !s.base && k.Value != "ephemeral" {
			s.note(k, "storage."+k.Value, "not converted: an environment has the base's volumes and root filesystem; write what differs in its overlay")
			continue
		}
		switch v := value(storage, k.Value); k.Value {
		case "ephemeral":
			size, sized := integer(v)
			if sized && size > blueprint.DefaultEphemeralStorage {
				put(svc, "ephemeralStorage", number(size))
			} else if !sized {
				s.note(v, "storage.ephemeral", "not converted: write ephemeralStorage, the task's storage in GiB (21 to 200)")
			}
		case "readonly_fs":
			if on, ok := truth(v); ok && on && main != nil {
				put(main, "readonlyRootFilesystem", yes())
			}
		case "volumes":
			for _, name := range keys(v) {
				s.volume(main, name, value(v, name.Value))
			}
		default:
			s.note(k, "storage."+k.Value, "not converted: a Blueprint has no counterpart")
		}
	}
}

// volume converts one of Copilot's volumes, mounted by the main container
// at its path.
func (s *serviceFields) volume(main, name, v *yaml.Node) {
	field := "storage.volumes." + name.Value
	efs := value(v, "efs")
	on, isBool := truth(efs)
	switch {
	case efs == nil || isBool && !on:
		s.note(name, field, "%s", bindNote)
		return
	case efs.Kind == yaml.MappingNode && value(efs, "id") != nil:
		id, _ := scalar(value(efs, "id"))
		dir, _ := scalar(value(efs, "root_dir"))
		if dir == "" || dir == "/" {
			dir = blueprint.DefaultVolumeDirectory
		}
		s.note(value(efs, "id"), field+".efs.id", existingEFSNote, id, dir)
		return
	case !isBool && efs.Kind != yaml.MappingNode:
		s.note(efs, field+".efs", "not converted: efs is true, or a mapping")
		return
	}
	vol := volume{name: topicName(s.name, name.Value), uid: blueprint.DefaultVolumeOwner, gid: blueprint.DefaultVolumeOwner}
	if uid, ok := integer(value(efs, "uid")); ok {
		vol.uid = uid
	}
	if gid, ok := integer(value(efs, "gid")); ok {
		vol.gid = gid
	}
	s.c.volumes = append(s.c.volumes, vol)
	path, _ := scalar(value(v, "path"))
	mount := put(mapping(), "volume", text(vol.name))
	put(mount, "path", text(path))
	if ro, ok := truth(value(v, "read_only")); ok && ro {
		put(mount, "readOnly", yes())
	}
	if main != nil {
		mounts := value(main, "mounts")
		if mounts == nil {
			mounts = list()
			put(main, "mounts", mounts)
		}
		mounts.Content = append(mounts.Content, oneLine(mount))
	}
	s.note(efs, field+".efs", "the volume %s, a new EFS file system of the application: Copilot's files are not moved; copy them from the environment's file system with AWS DataSync, or mount that file system instead with existing: {id, securityGroup, directory}, the directory and the uid and gid of the access point Copilot made for service %s (the EFS console lists them)", vol.name, s.name)
}

// node is the volume's entry of the Blueprint's volumes.
func (v volume) node() *yaml.Node {
	n := put(mapping(), "name", text(v.name))
	if v.uid != blueprint.DefaultVolumeOwner {
		put(n, "uid", number(v.uid))
	}
	if v.gid != blueprint.DefaultVolumeOwner {
		put(n, "gid", number(v.gid))
	}
	return oneLine(n)
}
