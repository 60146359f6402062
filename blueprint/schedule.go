package blueprint

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	// EventBridge Scheduler takes IANA time zone names; gen checks them
	// against the Go distribution's copy of the database, so that a
	// Blueprint validates the same on every machine.
	_ "time/tzdata"

	"github.com/ecsgate/ecsgate/internal/lazyre"
)

// scheduleKinds are the kinds of schedule EventBridge Scheduler reads,
// each written KIND(...) (EventBridge Scheduler User Guide, "Schedule
// types"); the expression and the time zone are at most
// maxScheduleExpression and maxScheduleTimezone characters
// (AWS::Scheduler::Schedule).
var scheduleKinds = []string{"cron", "rate", "at"}

const (
	maxScheduleExpression = 256
	maxScheduleTimezone   = 50
)

// Bounds of a schedule's timeout and retries: Step Functions runs a
// standard workflow for a year at most (Step Functions Developer Guide,
// "Step Functions service quotas"); a minute is the least a task takes to
// start. Ten retries are AWS Copilot's bound.
const (
	MinScheduleTimeout = 60
	MaxScheduleTimeout = 31_536_000
	MaxScheduleRetries = 10
)

// TaskTimeoutFix and TaskRetriesFix say where a scheduled task's timeout
// and retries go: the fix of both written on a service, and of Copilot's
// fields where they cannot convert.
const (
	TaskTimeoutFix = "write it under schedule, in seconds: schedule: {timeout: 3600} stops a run's task after an hour"
	TaskRetriesFix = "write it under schedule: schedule: {retries: 3} starts a failed run's task again, up to 3 times"
)

// watchedSchedule checks a schedule's timeout and retries: within Step
// Functions' bounds, for a run of one task, which the state machine waits
// for.
func (v *validator) watchedSchedule(path string, s *Service) {
	sc := s.Schedule
	if sc.Timeout != 0 {
		v.between(path+".timeout", sc.Timeout, MinScheduleTimeout, MaxScheduleTimeout, " seconds")
	}
	if sc.Retries != 0 {
		v.between(path+".retries", sc.Retries, 1, MaxScheduleRetries, " retries")
	}
	if every, ok := sc.Interval(); ok && sc.Timeout > every && sc.Timeout <= MaxScheduleTimeout {
		// Valid, and rarely meant: the timeout was to keep a run from
		// meeting the next.
		v.warn(path+".timeout", fmt.Sprintf("keep timeout at most %d, the seconds between runs, or run less often", every),
			"a run may last %d seconds, and the schedule starts one every %d: two runs of service %q can overlap", sc.Timeout, every, s.Name)
	}
	if sc.Watched() && s.DesiredTasks() > 1 {
		field := "timeout"
		if sc.Timeout == 0 {
			field = "retries"
		}
		v.add(path+"."+field, "write count: 1, or split the job into services with schedules of their own",
			"a schedule with timeout or retries starts one task a run, which Step Functions watches, and the service's count is %d", s.DesiredTasks())
	}
}

// scheduleProblem says what is wrong with a schedule expression, and how
// to write it, or returns "" for an expression EventBridge Scheduler
// takes: cron(six fields), rate(value unit) or at(yyyy-mm-ddThh:mm:ss)
// (EventBridge Scheduler User Guide, "Schedule types").
func scheduleProblem(expr string) (problem, fix string) {
	if meant, problem := otherSpelling(expr); meant != "" {
		return problem, "write " + meant
	}
	if len(expr) > maxScheduleExpression {
		return fmt.Sprintf("the expression has %d characters; EventBridge Scheduler takes %d at most", len(expr), maxScheduleExpression), "shorten it: a cron field's list can often be a range (MON-FRI)"
	}
	inner, kind := scheduleKind(expr)
	switch kind {
	case "cron":
		return cronProblem(expr, strings.Fields(inner))
	case "rate":
		return rateProblem(expr, inner)
	case "at":
		if _, err := time.Parse("2006-01-02T15:04:05", strings.TrimSpace(inner)); err != nil {
			return fmt.Sprintf("%q is not a one-time schedule: at() takes a date and time as yyyy-mm-ddThh:mm:ss", expr),
				"write e.g. at(2027-01-31T09:00:00), read in schedule.timezone"
		}
		return "", ""
	}
	return fmt.Sprintf("%q is not a schedule expression", expr),
		"write cron(minutes hours day-of-month month day-of-week year), rate(value unit) or at(yyyy-mm-ddThh:mm:ss), e.g. cron(0 3 * * ? *) for 03:00 every day or rate(1 hour)"
}

// otherSpelling is the expression EventBridge Scheduler takes for a
// schedule written another way, with what that way is: blanks around it,
// its keyword in capitals, a crontab line or shorthand (in cron() or not),
// a cron without cron(), a rate's unit in another number or case. meant is
// "" for an expression EventBridge takes, or one gen cannot tell.
func otherSpelling(expr string) (meant, problem string) {
	if trimmed := strings.TrimSpace(expr); trimmed != expr {
		if again, _ := scheduleProblem(trimmed); again == "" {
			return trimmed, fmt.Sprintf("%q has blanks around the expression", expr)
		}
	}
	keyword := expr[:strings.IndexByte(expr+"(", '(')]
	if k := strings.ToLower(keyword); k != keyword && slices.Contains(scheduleKinds, k) {
		if again, _ := scheduleProblem(k + expr[len(k):]); again == "" {
			return k + expr[len(k):], fmt.Sprintf("%q: EventBridge Scheduler writes %s() in lowercase", expr, k)
		}
	}
	inner, kind := scheduleKind(expr)
	switch kind {
	case "cron":
		if cron, ok := unixCron(strings.Fields(inner)); ok {
			return cron, fmt.Sprintf("%s has five fields, as crontab has; EventBridge Scheduler's cron has six: minutes hours day-of-month month day-of-week year", expr)
		}
	case "rate":
		if value, unit, ok := rateParts(inner); ok && rateExpression(value, unit) != expr {
			return rateExpression(value, unit), fmt.Sprintf("%s: a rate's unit is minute, hour or day for 1, and minutes, hours or days above", expr)
		}
	case "":
		if cron, ok := cronShorthand(expr); ok {
			return cron, fmt.Sprintf("%q is a crontab shorthand; EventBridge Scheduler reads cron(), rate() or at()", expr)
		}
		fields := strings.Fields(expr)
		if cron, ok := unixCron(fields); ok {
			return cron, fmt.Sprintf("%q is a crontab line; EventBridge Scheduler reads cron(minutes hours day-of-month month day-of-week year)", expr)
		}
		if wrapped := "cron(" + strings.Join(fields, " ") + ")"; len(fields) == len(cronFields) {
			if problem, _ := cronProblem(wrapped, fields); problem == "" {
				return wrapped, fmt.Sprintf("%q is a cron expression without cron()", expr)
			}
		}
	}
	return "", ""
}

// ScheduleOf is the EventBridge Scheduler expression a schedule written
// another way means: the value itself where EventBridge takes it, the one
// otherSpelling finds, or "" where gen cannot tell.
func ScheduleOf(value string) string {
	if problem, _ := scheduleProblem(value); problem == "" {
		return value
	}
	meant, _ := otherSpelling(value)
	return meant
}

// scheduleExpressionPattern is the schema's form of an expression: one of
// scheduleKinds and what is in its parentheses.
func scheduleExpressionPattern() string {
	return `^(` + strings.Join(scheduleKinds, "|") + `)\(.+\)$`
}

// scheduleKind splits "cron(...)", "rate(...)" and "at(...)" into what is
// inside and the kind; any other expression has no kind.
func scheduleKind(expr string) (inner, kind string) {
	for _, k := range scheduleKinds {
		if strings.HasPrefix(expr, k+"(") && strings.HasSuffix(expr, ")") {
			return expr[len(k)+1 : len(expr)-1], k
		}
	}
	return "", ""
}

// cronFields are the six fields of an EventBridge cron expression, each
// with the characters and numbers it takes (EventBridge User Guide, "Cron
// expressions reference").
var cronFields = []struct {
	name     string
	min, max int
	pattern  *lazyre.Regexp
}{
	{"minutes", 0, 59, lazyre.New(`^[0-9*,/-]+$`)},
	{"hours", 0, 23, lazyre.New(`^[0-9*,/-]+$`)},
	{"day-of-month", 1, 31, lazyre.New(`^([0-9*,/?W-]|L)+$`)},
	{"month", 1, 12, lazyre.New(`^([0-9*,/-]|JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)+$`)},
	{"day-of-week", 1, 7, lazyre.New(`^([0-9*,?L#-]|SUN|MON|TUE|WED|THU|FRI|SAT)+$`)},
	{"year", 1970, 2199, lazyre.New(`^[0-9*,/-]+$`)},
}

// cronNumber finds the numbers of a cron field that name a value: not an
// increment (after /) or a week's ordinal (after #).
var cronNumber = lazyre.New(`(^|[^/#0-9])([0-9]+)`)

func cronProblem(expr string, fields []string) (problem, fix string) {
	example := "e.g. cron(0 3 * * ? *) for 03:00 every day, cron(0 9 ? * MON-FRI *) for 09:00 on weekdays"
	if len(fields) != len(cronFields) {
		return fmt.Sprintf("%s has %d fields; EventBridge Scheduler's cron has six: minutes hours day-of-month month day-of-week year", expr, len(fields)), "write six, " + example
	}
	for i, f := range cronFields {
		value := strings.ToUpper(fields[i])
		if !f.pattern.MatchString(value) {
			return fmt.Sprintf("%s: %q is not a %s field", expr, fields[i], f.name), cronFieldFix(i)
		}
		for _, m := range cronNumber.FindAllStringSubmatch(value, -1) {
			if n, _ := strconv.Atoi(m[2]); n < f.min || n > f.max {
				return fmt.Sprintf("%s: %s %d is out of range", expr, f.name, n), cronFieldFix(i)
			}
		}
	}
	dom, dow := fields[2] == "?", fields[4] == "?"
	if dom == dow {
		fix := "write ? in one of them, " + example
		switch {
		// One of them every day (*) and the other a day: the day is meant
		// (crontab's 0 3 * * MON), and ? takes the place of *.
		case fields[2] == "*" && fields[4] != "*" && !dow:
			fix = "write ? for day-of-month: cron(" + strings.Join(slices.Concat(fields[:2], []string{"?"}, fields[3:]), " ") + ")"
		case fields[4] == "*" && fields[2] != "*" && !dom:
			fix = "write ? for day-of-week: cron(" + strings.Join(slices.Concat(fields[:4], []string{"?"}, fields[5:]), " ") + ")"
		}
		return fmt.Sprintf("%s: EventBridge Scheduler takes a day-of-month or a day-of-week, with ? in the other, not both or neither", expr), fix
	}
	return "", ""
}

func cronFieldFix(i int) string {
	f := cronFields[i]
	fix := fmt.Sprintf("a %s field takes %d to %d", f.name, f.min, f.max)
	switch f.name {
	case "month":
		fix += " or JAN to DEC"
	case "day-of-week":
		fix += " (1 is Sunday) or SUN to SAT, and ? when day-of-month is set"
	case "day-of-month":
		fix += ", and ? when day-of-week is set"
	}
	return fix + ", with , - * /"
}

// rateUnits are a rate expression's units, singular for a value of 1 and
// plural above (EventBridge User Guide, "Rate expressions reference").
var rateUnits = map[string]bool{"minute": true, "hour": true, "day": true}

// rateParts reads a rate's whole number above 0 and its unit, singular
// and in lowercase, whichever number and case it is written in.
func rateParts(inner string) (value int, unit string, ok bool) {
	parts := strings.Fields(inner)
	if len(parts) != 2 {
		return 0, "", false
	}
	value, err := strconv.Atoi(parts[0])
	unit = strings.TrimSuffix(strings.ToLower(parts[1]), "s")
	return value, unit, err == nil && value >= 1 && rateUnits[unit]
}

// rateProblem says what is wrong with a rate that otherSpelling cannot
// mend: a number that is not a whole one above 0, or no unit of a rate.
func rateProblem(expr, inner string) (problem, fix string) {
	if _, _, ok := rateParts(inner); ok {
		return "", ""
	}
	parts := strings.Fields(inner)
	if value := 0; len(parts) == 2 {
		if value, _ = strconv.Atoi(parts[0]); value >= 1 {
			return fmt.Sprintf("%s: %q is not a unit of a rate", expr, parts[1]), "write minutes, hours or days (minute, hour or day for 1)"
		}
	}
	return fmt.Sprintf("%s is not a rate: rate() takes a whole number above 0 and a unit", expr), "write e.g. rate(15 minutes), rate(1 hour) or rate(2 days)"
}

// rateSeconds are the seconds of a rate expression's units.
var rateSeconds = map[string]int{"minute": 60, "hour": 3600, "day": 86400}

// Interval is the time between two runs of a rate expression, in seconds,
// and false for a cron or at expression, whose runs are not evenly apart.
func (s *Schedule) Interval() (seconds int, ok bool) {
	inner, kind := scheduleKind(s.Expression)
	if kind != "rate" {
		return 0, false
	}
	value, unit, ok := rateParts(inner)
	return value * rateSeconds[unit], ok
}

// rateExpression writes rate(value unit) with the unit's number as
// EventBridge takes it: "rate(1 hour)", "rate(5 hours)".
func rateExpression(value int, unit string) string {
	return fmt.Sprintf("rate(%d %s%s)", value, unit, Plural(value))
}

// cronShorthands are crontab's names of common schedules, as EventBridge
// cron expressions (day-of-week 1 is Sunday).
var cronShorthands = map[string]string{
	"@yearly":   "cron(0 0 1 1 ? *)",
	"@annually": "cron(0 0 1 1 ? *)",
	"@monthly":  "cron(0 0 1 * ? *)",
	"@weekly":   "cron(0 0 ? * SUN *)",
	"@daily":    "cron(0 0 * * ? *)",
	"@midnight": "cron(0 0 * * ? *)",
	"@hourly":   "cron(0 * * * ? *)",
}

// cronShorthand turns crontab's shorthands (@daily, @hourly, ...) and
// "@every DURATION" (Go's durations, as AWS Copilot takes them) into an
// EventBridge Scheduler expression.
func cronShorthand(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if cron, ok := cronShorthands[strings.ToLower(s)]; ok {
		return cron, true
	}
	every, ok := strings.CutPrefix(s, "@every ")
	if !ok {
		return "", false
	}
	d, err := time.ParseDuration(strings.TrimSpace(every))
	if err != nil || d < time.Minute || d%time.Minute != 0 {
		return "", false // a rate counts whole minutes
	}
	minutes := int(d / time.Minute)
	switch {
	case minutes%(24*60) == 0:
		return rateExpression(minutes/(24*60), "day"), true
	case minutes%60 == 0:
		return rateExpression(minutes/60, "hour"), true
	}
	return rateExpression(minutes, "minute"), true
}

// unixCron turns a crontab line (minute hour day-of-month month
// day-of-week, 0 or 7 for Sunday) into EventBridge Scheduler's cron: ? in
// the day field left at *, days of the week counted from 1 for Sunday, and
// every year. A line that sets both day fields (crontab runs on either)
// has no one EventBridge expression.
func unixCron(fields []string) (string, bool) {
	if len(fields) != 5 {
		return "", false
	}
	minute, hour, dom, month, dow := fields[0], fields[1], fields[2], fields[3], fields[4]
	switch {
	case dow == "*" || dow == "?":
		dow = "?"
		if dom == "?" {
			dom = "*"
		}
	case dom == "*" || dom == "?":
		dom = "?"
		shifted, ok := shiftWeekdays(dow)
		if !ok {
			return "", false
		}
		dow = shifted
	default:
		return "", false
	}
	return fmt.Sprintf("cron(%s %s %s %s %s *)", minute, hour, dom, month, dow), true
}

// shiftWeekdays renumbers crontab's days of the week (0 to 7, Sunday at
// both ends) as EventBridge's (1 to 7 from Sunday), ranges included
// (crontab's 5-7, Friday to Sunday, is 6-7,1); names stay as they are.
func shiftWeekdays(dow string) (string, bool) {
	if strings.ContainsAny(dow, "/#L*") {
		return "", false
	}
	if !strings.ContainsAny(dow, "0123456789") {
		return dow, true
	}
	var days [8]bool // EventBridge's 1 to 7
	for _, item := range strings.Split(dow, ",") {
		from, to, isRange := strings.Cut(item, "-")
		a, errA := strconv.Atoi(from)
		b := a
		var errB error
		if isRange {
			b, errB = strconv.Atoi(to)
		}
		if errA != nil || errB != nil || a < 0 || b > 7 || a > b {
			return "", false
		}
		for d := a; d <= b; d++ {
			days[d%7+1] = true
		}
	}
	var runs []string
	for d := 1; d <= 7; d++ {
		if !days[d] {
			continue
		}
		end := d
		for end < 7 && days[end+1] {
			end++
		}
		if end == d {
			runs = append(runs, strconv.Itoa(d))
		} else {
			runs = append(runs, fmt.Sprintf("%d-%d", d, end))
		}
		d = end
	}
	return strings.Join(runs, ","), true
}
