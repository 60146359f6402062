package ecsgate_test

import (
	"strings"
	"testing"
)

// volumeApp is a Blueprint of one service, cms, whose container app
// mounts what mounts says; top adds top-level fields.
func volumeApp(top, mounts string) string {
	return "name: a\n" + top + "services:\n  - name: cms\n    cpu: 256\n    memory: 512\n    containers:\n      - name: app\n        image: {uri: \"nginx:1.27\"}\n        mounts: " + mounts + "\n"
}

// existingVPC is a network of an existing VPC, for volumes on existing
// file systems.
const existingVPC = "network: {existing: {id: vpc-0123456789abcdef0, cidr: 10.20.0.0/16, privateSubnets: [subnet-0123456789abcdef0, subnet-0123456789abcdef1]}}\n"

// TestVolumeMessages: the rules of volumes and mounts, each with its exact
// text and position: a mount names a volume of the Blueprint, at an
// absolute path of its own that is not / nor a writable path; a volume's
// user and group are ones EFS takes and not root; its storage class
// transitions are days EFS takes, the archive after the infrequent access
// storage; an existing file system has an ID and a group AWS writes, a
// directory other than /, is in the existing VPC, and keeps its own
// lifecycle; a volume's name is no
// writable path's volume; and a volume nothing mounts, or that nothing
// writes to, is warned.
func TestVolumeMessages(t *testing.T) {
	volumes := "volumes: [{name: uploads}]\n"
	for _, c := range []struct {
		name, src string
		want      []string
	}{
		{"a volume mounted writable and read-only", volumeApp("volumes: [{name: uploads, uid: 33, gid: 33}]\n", "[{volume: uploads, path: /srv/uploads}, {volume: uploads, path: /var/www/uploads, readOnly: true}]"), nil},
		{"mounts of no volume, and of none declared", volumeApp("", "[{volume: uploads, path: /data}]"),
			[]string{`bp.yaml:9:27: services[0].containers[0].mounts[0].volume: no volume named "uploads" (declare it under volumes: [{name: ...}])`}},
		{"a volume misspelt, and mounts without a volume or a path", volumeApp(volumes, "[{volume: upload, path: /data}, {path: /b}, {volume: uploads}]"),
			[]string{
				`bp.yaml:10:27: services[0].containers[0].mounts[0].volume: no volume named "upload" (use one of: uploads)`,
				`bp.yaml:10:49: services[0].containers[0].mounts[1].volume: is required (name an entry of volumes, e.g. volume: uploads)`,
				`bp.yaml:10:61: services[0].containers[0].mounts[2].path: is required (write where the container sees it, e.g. path: /data)`,
			}},
		{"paths a volume cannot be mounted at", volumeApp(volumes, "[{volume: uploads, path: data}, {volume: uploads, path: /}, {volume: uploads, path: /a}, {volume: uploads, path: /a/}]"),
			[]string{
				`bp.yaml:10:42: services[0].containers[0].mounts[0].path: "data" is not an absolute path (write /data, the absolute path inside the container)`,
				`bp.yaml:10:73: services[0].containers[0].mounts[1].path: a volume cannot be mounted at /, the container's root filesystem (mount it at a directory of its own, such as /data)`,
				`bp.yaml:10:130: services[0].containers[0].mounts[3].path: "/a/" is already where mounts[2] is mounted (mount each volume at a path of its own)`,
			}},
		{"a mount at a writable path", strings.Replace(volumeApp(volumes, "[{volume: uploads, path: /tmp}]"), "        mounts:", "        readonlyRootFilesystem: true\n        writablePaths: [/tmp]\n        mounts:", 1),
			[]string{`bp.yaml:12:42: services[0].containers[0].mounts[0].path: "/tmp" is already one of the container's writable paths (mount it elsewhere, or drop the path from writablePaths)`}},
		{"a volume named as a writable path's volume", strings.Replace(volumeApp("volumes: [{name: app-tmp}]\n", "[{volume: app-tmp, path: /data}]"), "        mounts:", "        readonlyRootFilesystem: true\n        writablePaths: [/tmp]\n        mounts:", 1),
			[]string{`bp.yaml:12:27: services[0].containers[0].mounts[0].volume: volume "app-tmp" has the name of the task's volume for a writable path (rename the volume)`}},
		{"users EFS does not take, and a volume twice", volumeApp("volumes: [{name: uploads, uid: -1, gid: 4294967296}, {name: uploads}]\n", "[{volume: uploads, path: /data}]"),
			[]string{
				`bp.yaml:2:32: volumes[0].uid: -1 is out of range (use a value from 1 to 4294967295)`,
				`bp.yaml:2:41: volumes[0].gid: 4294967296 is out of range (use a value from 1 to 4294967295)`,
				`bp.yaml:2:61: volumes[1].name: volume "uploads" is already defined at volumes[0] (give each volume its own name)`,
			}},
		{"storage class transitions EFS takes", volumeApp("volumes: [{name: uploads, infrequentAfter: 30, archiveAfter: 90}, {name: cold, archiveAfter: 1}]\n", "[{volume: uploads, path: /data}, {volume: cold, path: /cold}]"), nil},
		{"transitions EFS does not take", volumeApp("volumes: [{name: uploads, infrequentAfter: 31, archiveAfter: 400}, {name: cold, infrequentAfter: 90, archiveAfter: 90}]\n", "[{volume: uploads, path: /data}, {volume: cold, path: /cold}]"),
			[]string{
				`bp.yaml:2:44: volumes[0].infrequentAfter: 31 days is not a transition EFS takes (use 30 or 60, the nearest; EFS moves files after one of 1, 7, 14, 30, 60, 90, 180, 270, 365 days)`,
				`bp.yaml:2:62: volumes[0].archiveAfter: 400 days is not a transition EFS takes (use 365, the nearest; EFS moves files after one of 1, 7, 14, 30, 60, 90, 180, 270, 365 days)`,
				`bp.yaml:2:116: volumes[1].archiveAfter: EFS archives a file after its move to Infrequent Access, and 90 days is not after 90 (archive later than infrequentAfter (90 days), or remove infrequentAfter to archive straight from standard storage)`,
			}},
		{"an existing file system in the existing VPC", volumeApp(existingVPC+"volumes: [{name: media, existing: {id: fs-0123456789abcdef0, securityGroup: sg-0123456789abcdef0, directory: /cms}}]\n", "[{volume: media, path: /srv/media}]"), nil},
		{"an existing file system the stack cannot reach, and IDs that are not", volumeApp("volumes: [{name: media, infrequentAfter: 30, existing: {id: FS-0123456789ABCDEF0, securityGroup: default, directory: /}}]\n", "[{volume: media, path: /srv/media}]"),
			[]string{
				`bp.yaml:2:42: volumes[0].infrequentAfter: the template moves no file of a file system it did not create (remove it, and set the file system's lifecycle where the file system was made)`,
				`bp.yaml:2:56: volumes[0].existing: an existing file system is reached through its mount targets, in the VPC where they were made, and the stack creates a VPC of its own (set network.existing to the VPC of its mount targets, or remove existing to create the file system in the stack's VPC)`,
				`bp.yaml:2:61: volumes[0].existing.id: "FS-0123456789ABCDEF0" is not an EFS file system ID (write "fs-0123456789abcdef0": AWS writes IDs in lowercase)`,
				`bp.yaml:2:98: volumes[0].existing.securityGroup: "default" is not a security group ID (write a security group ID such as sg-0123456789abcdef0)`,
				`bp.yaml:2:118: volumes[0].existing.directory: the volume cannot be the file system's root, / (name the directory that holds the files, such as /data: Control Tower's CT.ELASTICFILESYSYSTEM.PR.3 refuses an access point on the file system's root)`,
			}},
		{"directories EFS does not take", volumeApp(existingVPC+"volumes: [{name: a, existing: {id: fs-0123456789abcdef0, securityGroup: sg-0123456789abcdef0, directory: /a/b/c/d/e}}, {name: b, existing: {id: fs-0123456789abcdef0, securityGroup: sg-0123456789abcdef0, directory: /.cache}}]\n", "[{volume: a, path: /a}, {volume: b, path: /b}]"),
			[]string{
				`bp.yaml:3:106: volumes[0].existing.directory: "/a/b/c/d/e" is not a directory an access point takes (write an absolute path of one to four directories, at most 100 characters, with no name that starts with a dot and none of $#<>;` + "`" + `|&?{}^*)`,
				`bp.yaml:3:215: volumes[1].existing.directory: "/.cache" is not a directory an access point takes (write an absolute path of one to four directories, at most 100 characters, with no name that starts with a dot and none of $#<>;` + "`" + `|&?{}^*)`,
			}},
		{"retain on an existing file system", volumeApp(existingVPC+"volumes: [{name: media, retain: false, existing: {id: fs-0123456789abcdef0, securityGroup: sg-0123456789abcdef0}}]\n", "[{volume: media, path: /srv/media}]"),
			[]string{`bp.yaml:3:33: volumes[0].retain: retain says what becomes of a file system the stack creates; the stack neither keeps nor deletes an existing one (remove it)`}},
		{"a file system deleted with its stack", volumeApp("volumes: [{name: scratch, retain: false}]\n", "[{volume: scratch, path: /scratch}]"), nil},
		{"an existing file system without its group", volumeApp(existingVPC+"volumes: [{name: media, existing: {id: fs-0123456789abcdef0, directory: data}}]\n", "[{volume: media, path: /srv/media}]"),
			[]string{
				`bp.yaml:3:35: volumes[0].existing.securityGroup: is required (write the security group of its mount targets, e.g. securityGroup: sg-0123456789abcdef0 (the EFS console lists it under the file system's Network))`,
				`bp.yaml:3:73: volumes[0].existing.directory: "data" is not a directory an access point takes (write /data)`,
			}},
		{"a new volume that nothing writes to", volumeApp("volumes: [{name: uploads}]\n", "[{volume: uploads, path: /data, readOnly: true}]"),
			[]string{`bp.yaml:2:18: warning: volumes[0].name: every container mounts volume "uploads" read-only: nothing writes to the new file system, which stays empty (mount it without readOnly in the container that writes its files, or mount the file system that holds them with existing)`}},
		{"an existing file system read-only", volumeApp(existingVPC+"volumes: [{name: media, existing: {id: fs-0123456789abcdef0, securityGroup: sg-0123456789abcdef0}}]\n", "[{volume: media, path: /srv/media, readOnly: true}]"), nil},
		{"a volume nothing mounts", volumeApp("volumes: [{name: uploads}, {name: spare}]\n", "[{volume: uploads, path: /data}]"),
			[]string{`bp.yaml:2:35: warning: volumes[1].name: no container mounts volume "spare": the template creates a file system nothing uses (mount it in the container that keeps its files, e.g. mounts: [{volume: spare, path: /data}], or remove it)`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := problemsAndWarningsOf(t, c.src)
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
		})
	}
}
