package controls

// efsControls check the volumes: each file system encrypted and backed up,
// each access point with a directory and a user of its own. Control Tower
// spells the service ELASTICFILESYSYSTEM in these IDs, and so do we.
var efsControls = []Control{
	{
		ID: "CT.ELASTICFILESYSYSTEM.PR.1", SecurityHub: []string{"EFS.1"},
		Asks: "file systems encrypted at rest with AWS KMS", Types: []string{fileSystemType},
		Setting: "always (EFS's AWS managed key)", Cost: "none",
		check: func(t *Template, r Resource) string {
			if !isTrue(r.Properties["Encrypted"]) {
				return "Encrypted is not true"
			}
			return ""
		},
	},
	{
		ID: "CT.ELASTICFILESYSYSTEM.PR.2", SecurityHub: []string{"EFS.2"},
		Asks: "automatic backups of every file system", Types: []string{fileSystemType},
		Setting: "always (AWS Backup, daily, kept 35 days)", Cost: "AWS Backup's storage of the recovery points",
		check: func(t *Template, r Resource) string {
			if status, _ := text(mustGet(r.Properties, "BackupPolicy", "Status")); status != "ENABLED" {
				return "BackupPolicy Status is not ENABLED"
			}
			return ""
		},
	},
	{
		ID: "CT.ELASTICFILESYSYSTEM.PR.3", SecurityHub: []string{"EFS.3"},
		Asks: "access points with a root directory of their own", Types: []string{accessPointType},
		Setting: "always (/data, created for the volume's user)", Cost: "none",
		check: func(t *Template, r Resource) string {
			if path, _ := text(mustGet(r.Properties, "RootDirectory", "Path")); path == "" || path == "/" {
				return "no RootDirectory Path other than /"
			}
			return ""
		},
	},
	{
		ID: "CT.ELASTICFILESYSYSTEM.PR.4", SecurityHub: []string{"EFS.4"},
		Asks: "access points that enforce a user identity", Types: []string{accessPointType},
		Setting: "always: volumes[].uid and gid (default 1000)", Cost: "none",
		check: func(t *Template, r Resource) string {
			uid, _ := text(mustGet(r.Properties, "PosixUser", "Uid"))
			gid, _ := text(mustGet(r.Properties, "PosixUser", "Gid"))
			if uid == "" || gid == "" {
				return "no PosixUser with a Uid and a Gid"
			}
			return ""
		},
	},
}

const (
	fileSystemType  = "AWS::EFS::FileSystem"
	accessPointType = "AWS::EFS::AccessPoint"
)
