package diff

import "strings"

// accessPoint is the type of a volume's access point.
const accessPoint = "AWS::EFS::AccessPoint"

// ownerNote says what a change of a volume's user (its access point's
// PosixUser, volumes[].uid and gid) does, "" when it did not change. EFS
// applies an access point's creation info only to a directory it creates:
// the volume's directory and the files in it keep the owner they were
// written by, and the new user, whom the new access point makes every
// operation run as, reads them but does not write them (mode 755).
func (r Report) ownerNote(rc ResourceChange) string {
	if rc.Type != accessPoint || rc.Kind != Changed {
		return ""
	}
	for _, p := range rc.Properties {
		if strings.HasPrefix(p.Path, "Properties.PosixUser") {
			return "the volume's user changes, which replaces its access point; the directory and the files already written keep their first owner, whom the new user may read but not write over (keep the uid and gid they were written with)"
		}
	}
	return ""
}
