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

// TestVolumeMessages: the rules of volumes and mounts, each with its exact
// text and position: a mount names a volume of the Blueprint, at an
// absolute path of its own that is not / nor a writable path; a volume's
// user and group are ones EFS takes and not root; its storage class
// transitions are days EFS takes, the archive after the infrequent access
// storage; a volume's name is no
// writable path's volume; and a volume nothing mounts is warned.
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
				`bp.yaml:10:42: services[0].containers[0].mounts[0].path: "data" is not an absolute path (write an absolute path inside the container, such as /data)`,
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
