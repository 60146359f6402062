// Package shellword writes a string as one word of a POSIX shell command:
// the commands gen prints for people, and the buildspec's docker build.
package shellword

import "strings"

// plain are the characters no shell treats specially.
const plain = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./:=@%+,"

// Quote returns s as one word: as it is when every character is one no
// shell treats specially, else in single quotes, where nothing is expanded,
// each single quote in s closing the quotes, escaped, and opening them again.
func Quote(s string) string {
	if s != "" && strings.Trim(s, plain) == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// InDoubleQuotes returns s escaped to stand between a shell's double
// quotes, beside a command substitution ("s3://$(...)/PREFIX"): $, `, "
// and \ keep a meaning of their own there, and each is escaped.
func InDoubleQuotes(s string) string {
	return doubleQuoted.Replace(s)
}

var doubleQuoted = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "$", `\$`, "`", "\\`")
