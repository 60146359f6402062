package blueprint

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// A Fargate task's own storage ends with the task. Files that must outlive
// it (uploads, a CMS's media, a cache several tasks share) go on an Amazon
// EFS file system: a volume of the application (volumes), which each
// container that needs it mounts (containers[].mounts). AWS Copilot's
// managed EFS (storage.volumes with efs: true) did this.

// Volume is an EFS file system of the application.
type Volume struct {
	// Name names the volume in the Blueprint: lowercase letters, digits
	// and hyphens. The file system itself has no name of its own, so that
	// environments in one account never collide.
	Name string `yaml:"name"`
	// UID is the POSIX user every file operation through the volume's
	// access point runs as, and that owns its directory (default 1000):
	// the containers that mount it read and write alike whatever user they
	// run as. Choose it before the first deploy.
	UID int `yaml:"uid,omitempty"`
	// GID is the POSIX group of those operations and of the directory
	// (default 1000).
	GID int `yaml:"gid,omitempty"`
	// InfrequentAfter moves a file not read or written for that many days
	// to EFS's Infrequent Access storage class, cheaper to keep and paid
	// per read: one of 1, 7, 14, 30, 60, 90, 180, 270 or 365 (default:
	// never).
	InfrequentAfter int `yaml:"infrequentAfter,omitempty"`
	// ArchiveAfter moves a file not read or written for that many days to
	// EFS's Archive storage class, for files read a few times a year: one
	// of the same days, after infrequentAfter's (default: never).
	ArchiveAfter int `yaml:"archiveAfter,omitempty"`
	// Retain keeps the file system, with its files, when the stack is
	// deleted or a change replaces it (default true). false deletes it
	// with the stack, for an environment whose files are disposable (a
	// preview, a test).
	Retain *bool `yaml:"retain,omitempty"`
	// Existing mounts an EFS file system the stack does not create, with
	// its files: one created by hand, by AWS Copilot or by another stack,
	// with mount targets in the Blueprint's existing VPC.
	Existing *ExistingFileSystem `yaml:"existing,omitempty"`
}

// ExistingFileSystem is an EFS file system a volume mounts without
// creating it. The template creates an access point on it, and admits the
// tasks to its mount targets' security group; the file system, its mount
// targets, backups and lifecycle stay where they were made.
type ExistingFileSystem struct {
	// ID is the file system's ID: fs-0123456789abcdef0.
	ID string `yaml:"id"`
	// SecurityGroup is the security group of its mount targets, which gets
	// a rule admitting the tasks that mount the volume on NFS.
	SecurityGroup string `yaml:"securityGroup"`
	// Directory is the directory of the file system the tasks see as the
	// volume (default /data): where its files are, such as /cms. EFS
	// creates it, for the volume's user, if it does not exist.
	Directory string `yaml:"directory,omitempty"`
}

// maxVolumeDirectory is the longest directory an access point takes
// (AWS::EFS::AccessPoint RootDirectory Path: 1 to 100 characters).
const maxVolumeDirectory = 100

// accessPointPathRefused are the characters EFS refuses in an access
// point's directory (RootDirectory Path's pattern).
const accessPointPathRefused = "$#<>;`|&?{}^*"

// isAccessPointPath reports whether EFS takes p as an access point's
// directory other than /: one to four directories, each of characters
// other than accessPointPathRefused and new lines, none starting with a
// dot, at most 100 characters in all (EFS API Reference, RootDirectory:
// ^(\/|(\/(?!\.)+[^$#<>;`|&?{}^*/\n]+){1,4})$).
func isAccessPointPath(p string) bool {
	rest, ok := strings.CutPrefix(p, "/")
	if !ok || len(p) > maxVolumeDirectory {
		return false
	}
	parts := strings.Split(rest, "/")
	if len(parts) > 4 {
		return false
	}
	for _, part := range parts {
		if part == "" || part[0] == '.' || strings.ContainsAny(part, accessPointPathRefused+"\n") {
			return false
		}
	}
	return true
}

// Mount is a volume a container mounts.
type Mount struct {
	// Volume is the name of an entry of volumes.
	Volume string `yaml:"volume"`
	// Path is where the container sees it: an absolute path other than /.
	Path string `yaml:"path"`
	// ReadOnly mounts it read-only: the task role may mount the file
	// system but not write to it.
	ReadOnly bool `yaml:"readOnly,omitempty"`
}

// maxVolumeName bounds a volume's name: it names the volume's logical IDs
// and its task definitions' volume (ECS: 255 characters).
const maxVolumeName = 64

// maxPOSIXID is the largest user or group ID an EFS access point takes
// (AWS::EFS::AccessPoint PosixUser: 0 to 4294967295).
const maxPOSIXID = 4294967295

// VolumePermissions are the volume's root directory's, which EFS sets
// when it creates it: its user writes, others read.
const VolumePermissions = "755"

// volumeTransitionDays are the days since a file's last access after
// which EFS moves it to another storage class (AWS::EFS::FileSystem
// LifecyclePolicy TransitionToIA and TransitionToArchive: AFTER_1_DAY to
// AFTER_365_DAYS).
var volumeTransitionDays = []int{1, 7, 14, 30, 60, 90, 180, 270, 365}

// TransitionValue is EFS's name of a transition after days without
// access: AFTER_1_DAY, AFTER_30_DAYS.
func TransitionValue(days int) string {
	if days == 1 {
		return "AFTER_1_DAY"
	}
	return "AFTER_" + strconv.Itoa(days) + "_DAYS"
}

// Directory is the directory of the file system that the volume's access
// point exposes as its root: an existing file system's directory (its
// default is DefaultVolumeDirectory's), or DefaultVolumeDirectory.
func (v *Volume) Directory() string {
	if v.Existing != nil {
		return v.Existing.Directory
	}
	return DefaultVolumeDirectory
}

// Retained reports whether the volume's file system outlives its stack
// and its replacement (DefaultVolumeRetain unless retain says).
func (v *Volume) Retained() bool { return v.Retain != nil && *v.Retain }

// Volume is the entry of volumes named name, or nil.
func (b *Blueprint) Volume(name string) *Volume {
	return entryNamed(b.Volumes, name, func(e *Volume) string { return e.Name })
}

// ServiceMount is a volume a service's tasks mount, with whether any of
// its containers writes to it.
type ServiceMount struct {
	Volume *Volume
	Writes bool
}

// MountsOf are the volumes a service's containers mount, each once, by
// name, writable when one container mounts it so. They give the task
// definition its volumes and the task role its permissions.
func (b *Blueprint) MountsOf(s *Service) []ServiceMount {
	var list []ServiceMount
	for _, c := range s.Containers {
		for _, m := range c.Mounts {
			v := b.Volume(m.Volume)
			if v == nil {
				continue
			}
			i := slices.IndexFunc(list, func(sm ServiceMount) bool { return sm.Volume == v })
			if i < 0 {
				list = append(list, ServiceMount{Volume: v})
				i = len(list) - 1
			}
			list[i].Writes = list[i].Writes || !m.ReadOnly
		}
	}
	slices.SortFunc(list, func(x, y ServiceMount) int { return strings.Compare(x.Volume.Name, y.Volume.Name) })
	return list
}

// Writes reports whether a container of the service mounts the volume
// writable.
func (b *Blueprint) Writes(s *Service, vol *Volume) bool {
	return slices.ContainsFunc(b.MountsOf(s), func(sm ServiceMount) bool { return sm.Volume == vol && sm.Writes })
}

// Mounters are the services whose tasks mount a volume, in Blueprint
// order.
func (b *Blueprint) Mounters(v *Volume) []*Service {
	var list []*Service
	for i := range b.Services {
		s := &b.Services[i]
		if slices.ContainsFunc(b.MountsOf(s), func(sm ServiceMount) bool { return sm.Volume == v }) {
			list = append(list, s)
		}
	}
	return list
}

// volumes checks the application's volumes: named, each once, with a user
// EFS takes, and mounted by some container.
func (v *validator) volumes() {
	names := newUniqueNames("volume", "volumes")
	for i := range v.b.Volumes {
		vol := &v.b.Volumes[i]
		path := indexPath("volumes", i)
		names.entry(v, path+".name", vol.Name, i, maxVolumeName)
		v.between(path+".uid", vol.UID, 1, maxPOSIXID, "")
		v.between(path+".gid", vol.GID, 1, maxPOSIXID, "")
		v.volumeTransitions(path, vol)
		if vol.Existing != nil {
			v.existingFileSystem(path, vol)
		}
		switch mounters := v.b.Mounters(vol); {
		case vol.Name == "":
		case len(mounters) == 0:
			v.warn(path+".name", fmt.Sprintf("mount it in the container that keeps its files, e.g. mounts: [{volume: %s, path: /data}], or remove it", vol.Name),
				"no container mounts volume %q: the template creates a file system nothing uses", vol.Name)
		case vol.Existing == nil && !slices.ContainsFunc(mounters, func(s *Service) bool { return v.b.Writes(s, vol) }):
			v.warn(path+".name", "mount it without readOnly in the container that writes its files, or mount the file system that holds them with existing",
				"every container mounts volume %q read-only: nothing writes to the new file system, which stays empty", vol.Name)
		}
	}
}

// transition is a volume's move of its files to a storage class, by the
// field that asks it.
type transition struct {
	field string
	days  int
}

// transitions are the volume's two storage class transitions, 0 days
// where unwritten.
func (v *Volume) transitions() []transition {
	return []transition{{"infrequentAfter", v.InfrequentAfter}, {"archiveAfter", v.ArchiveAfter}}
}

// volumeTransitions checks a volume's storage class transitions: days EFS
// takes, and the archive after the infrequent access storage, as EFS asks
// ("TransitionToArchive must either not be set or must be later than
// TransitionToIA").
func (v *validator) volumeTransitions(path string, vol *Volume) {
	valid := true
	for _, t := range vol.transitions() {
		if t.days != 0 && !slices.Contains(volumeTransitionDays, t.days) {
			v.add(path+"."+t.field, "use "+nearest(t.days, volumeTransitionDays)+", the nearest; EFS moves files after one of "+joinInts(volumeTransitionDays)+" days",
				"%d days is not a transition EFS takes", t.days)
			valid = false
		}
	}
	if valid && vol.InfrequentAfter != 0 && vol.ArchiveAfter != 0 && vol.ArchiveAfter <= vol.InfrequentAfter {
		v.add(path+".archiveAfter", fmt.Sprintf("archive later than infrequentAfter (%d days), or remove infrequentAfter to archive straight from standard storage", vol.InfrequentAfter),
			"EFS archives a file after its move to Infrequent Access, and %d days is not after %d", vol.ArchiveAfter, vol.InfrequentAfter)
	}
}

// existingFileSystem checks a volume on a file system the stack does not
// create: its ID and its mount targets' group, a directory other than /
// (Control Tower's CT.ELASTICFILESYSYSTEM.PR.3), in the Blueprint's
// existing VPC, and nothing asked of the file system itself.
func (v *validator) existingFileSystem(volumePath string, vol *Volume) {
	e := vol.Existing
	path := volumePath + ".existing"
	if v.required(path+".id", e.ID, "write the file system's ID, e.g. id: fs-0123456789abcdef0") && !fileSystemIDPattern.MatchString(e.ID) {
		v.add(path+".id", awsIDFix(e.ID, fileSystemIDPattern, "a file system ID such as fs-0123456789abcdef0, which the EFS console lists"), "%q is not an EFS file system ID", e.ID)
	}
	if v.required(path+".securityGroup", e.SecurityGroup, "write the security group of its mount targets, e.g. securityGroup: sg-0123456789abcdef0 (the EFS console lists it under the file system's Network)") && !groupIDPattern.MatchString(e.SecurityGroup) {
		v.add(path+".securityGroup", awsIDFix(e.SecurityGroup, groupIDPattern, "a security group ID such as sg-0123456789abcdef0"), "%q is not a security group ID", e.SecurityGroup)
	}
	switch d := e.Directory; {
	case d == "":
	case pathClean(d) == "/":
		v.add(path+".directory", "name the directory that holds the files, such as /data: Control Tower's CT.ELASTICFILESYSYSTEM.PR.3 refuses an access point on the file system's root", "the volume cannot be the file system's root, /")
	case !isAccessPointPath(d):
		fix := fmt.Sprintf("write an absolute path of one to four directories, at most %d characters, with no name that starts with a dot and none of %s", maxVolumeDirectory, accessPointPathRefused)
		if meant := "/" + strings.Trim(d, "/"); isAccessPointPath(meant) {
			fix = "write " + meant
		}
		v.add(path+".directory", fix, "%q is not a directory an access point takes", d)
	}
	if vol.Retain != nil {
		v.add(volumePath+".retain", "remove it",
			"retain says what becomes of a file system the stack creates; the stack neither keeps nor deletes an existing one")
	}
	if v.b.Network.Existing == nil {
		v.add(path, "set network.existing to the VPC of its mount targets, or remove existing to create the file system in the stack's VPC",
			"an existing file system is reached through its mount targets, in the VPC where they were made, and the stack creates a VPC of its own")
	}
	for _, t := range vol.transitions() {
		if t.days != 0 {
			v.add(volumePath+"."+t.field, "remove it, and set the file system's lifecycle where the file system was made",
				"the template moves no file of a file system it did not create")
		}
	}
}

// mounts checks a container's mounts: each of a volume of the Blueprint,
// at an absolute path of its own, not where the container's writable
// paths are; and, across the service, that the task's volume names
// (a mount's is its volume's) are each one volume's.
func (v *validator) mounts(path string, c *Container) {
	paths := map[string]int{}
	for _, w := range c.WritablePaths {
		paths[pathClean(w)] = -1
	}
	for j, m := range c.Mounts {
		p := indexPath(path+".mounts", j)
		if v.required(p+".volume", m.Volume, "name an entry of volumes, e.g. volume: uploads") && v.b.Volume(m.Volume) == nil {
			v.add(p+".volume", volumeFix(v.b), "no volume named %q", m.Volume)
		}
		if !v.required(p+".path", m.Path, "write where the container sees it, e.g. path: /data") {
			continue
		}
		clean := pathClean(m.Path)
		switch first, seen := paths[clean]; {
		case !isContainerPath(m.Path):
			v.add(p+".path", absolutePathFix(m.Path, "/data"), "%q is not an absolute path", m.Path)
		case clean == "/":
			v.add(p+".path", "mount it at a directory of its own, such as /data", "a volume cannot be mounted at /, the container's root filesystem")
		case seen && first < 0:
			v.add(p+".path", "mount it elsewhere, or drop the path from writablePaths", "%q is already one of the container's writable paths", m.Path)
		case seen:
			v.add(p+".path", "mount each volume at a path of its own", "%q is already where mounts[%d] is mounted", m.Path, first)
		}
		if _, seen := paths[clean]; !seen {
			paths[clean] = j
		}
	}
}

// volumeNames checks that the names of a service's task definition
// volumes (a writable path's, a mounted volume's) are each one volume's:
// ECS refuses a task definition that names one twice.
func (v *validator) volumeNames(path string, s *Service) {
	writable := map[string]bool{}
	for _, c := range s.Containers {
		for _, w := range c.WritableVolumes() {
			writable[w.Name] = true
		}
	}
	for i, c := range s.Containers {
		for j, m := range c.Mounts {
			if writable[m.Volume] {
				v.add(fmt.Sprintf("%s.containers[%d].mounts[%d].volume", path, i, j), "rename the volume",
					"volume %q has the name of the task's volume for a writable path", m.Volume)
			}
		}
	}
}

// volumeFix names the volumes to choose from, or says to declare one.
func volumeFix(b *Blueprint) string {
	var names []string
	for _, vol := range b.Volumes {
		names = append(names, vol.Name)
	}
	if len(names) == 0 {
		return "declare it under volumes: [{name: ...}]"
	}
	return "use one of: " + strings.Join(names, ", ")
}
