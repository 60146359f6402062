package blueprint

import (
	"strings"
	"testing"
)

// TestScheduleProblem: each expression EventBridge Scheduler takes passes,
// and each it refuses gets what is wrong and the expression to write, the
// user's own schedule where gen can tell it (a crontab line, a shorthand,
// a cron without cron(), a rate's unit in the wrong number).
func TestScheduleProblem(t *testing.T) {
	for _, c := range []struct{ expr, problem, fix string }{
		{"cron(0 3 * * ? *)", "", ""},
		{"cron(0/15 8-18 ? * MON-FRI *)", "", ""},
		{"cron(0 9 L * ? 2027)", "", ""},
		{"cron(0 9 ? * 6#3 *)", "", ""},
		{"cron(30 2 ? jan,jul sun *)", "", ""},
		{"rate(1 minute)", "", ""},
		{"rate(15 minutes)", "", ""},
		{"rate(2 days)", "", ""},
		{"at(2027-01-31T09:00:00)", "", ""},
		{"0 3 * * *", `"0 3 * * *" is a crontab line; EventBridge Scheduler reads cron(minutes hours day-of-month month day-of-week year)`, "write cron(0 3 * * ? *)"},
		{"0 9 * * 1-5", `"0 9 * * 1-5" is a crontab line; EventBridge Scheduler reads cron(minutes hours day-of-month month day-of-week year)`, "write cron(0 9 ? * 2-6 *)"},
		{"cron(0 3 * * *)", "cron(0 3 * * *) has five fields, as crontab has; EventBridge Scheduler's cron has six: minutes hours day-of-month month day-of-week year", "write cron(0 3 * * ? *)"},
		{"0 3 * * ? *", `"0 3 * * ? *" is a cron expression without cron()`, "write cron(0 3 * * ? *)"},
		{"@daily", `"@daily" is a crontab shorthand; EventBridge Scheduler reads cron(), rate() or at()`, "write cron(0 0 * * ? *)"},
		{"@every 90m", `"@every 90m" is a crontab shorthand; EventBridge Scheduler reads cron(), rate() or at()`, "write rate(90 minutes)"},
		{"cron(0 3 * * MON *)", "cron(0 3 * * MON *): EventBridge Scheduler takes a day-of-month or a day-of-week, with ? in the other, not both or neither", "write ? for day-of-month: cron(0 3 ? * MON *)"},
		{"cron(0 3 1 * * *)", "cron(0 3 1 * * *): EventBridge Scheduler takes a day-of-month or a day-of-week, with ? in the other, not both or neither", "write ? for day-of-week: cron(0 3 1 * ? *)"},
		{"cron(0 3 * * * *)", "cron(0 3 * * * *): EventBridge Scheduler takes a day-of-month or a day-of-week, with ? in the other, not both or neither", "write ? in one of them, e.g. cron(0 3 * * ? *) for 03:00 every day, cron(0 9 ? * MON-FRI *) for 09:00 on weekdays"},
		{"cron(0 3 ? * ? *)", "cron(0 3 ? * ? *): EventBridge Scheduler takes a day-of-month or a day-of-week, with ? in the other, not both or neither", "write ? in one of them, e.g. cron(0 3 * * ? *) for 03:00 every day, cron(0 9 ? * MON-FRI *) for 09:00 on weekdays"},
		{"cron(0 24 * * ? *)", "cron(0 24 * * ? *): hours 24 is out of range", "a hours field takes 0 to 23, with , - * /"},
		{"cron(0 3 * * 0 *)", "cron(0 3 * * 0 *): day-of-week 0 is out of range", "a day-of-week field takes 1 to 7 (1 is Sunday) or SUN to SAT, and ? when day-of-month is set, with , - * /"},
		{"cron(0 3 * * ? * 1)", "cron(0 3 * * ? * 1) has 7 fields; EventBridge Scheduler's cron has six: minutes hours day-of-month month day-of-week year", "write six, e.g. cron(0 3 * * ? *) for 03:00 every day, cron(0 9 ? * MON-FRI *) for 09:00 on weekdays"},
		{"cron(0 3 x * ? *)", `cron(0 3 x * ? *): "x" is not a day-of-month field`, "a day-of-month field takes 1 to 31, and ? when day-of-week is set, with , - * /"},
		{"rate(1 hours)", "rate(1 hours): a rate's unit is minute, hour or day for 1, and minutes, hours or days above", "write rate(1 hour)"},
		{"rate(5 minute)", "rate(5 minute): a rate's unit is minute, hour or day for 1, and minutes, hours or days above", "write rate(5 minutes)"},
		{"rate(2 Hours)", "rate(2 Hours): a rate's unit is minute, hour or day for 1, and minutes, hours or days above", "write rate(2 hours)"},
		{"rate(30 seconds)", `rate(30 seconds): "seconds" is not a unit of a rate`, "write minutes, hours or days (minute, hour or day for 1)"},
		{"rate(0 minutes)", "rate(0 minutes) is not a rate: rate() takes a whole number above 0 and a unit", "write e.g. rate(15 minutes), rate(1 hour) or rate(2 days)"},
		{"at(2027-01-31 09:00)", `"at(2027-01-31 09:00)" is not a one-time schedule: at() takes a date and time as yyyy-mm-ddThh:mm:ss`, "write e.g. at(2027-01-31T09:00:00), read in schedule.timezone"},
		{" cron(0 3 * * ? *) ", `" cron(0 3 * * ? *) " has blanks around the expression`, "write cron(0 3 * * ? *)"},
		{"CRON(0 3 * * ? *)", `"CRON(0 3 * * ? *)": EventBridge Scheduler writes cron() in lowercase`, "write cron(0 3 * * ? *)"},
		{"Rate(1 hour)", `"Rate(1 hour)": EventBridge Scheduler writes rate() in lowercase`, "write rate(1 hour)"},
		{"every night", `"every night" is not a schedule expression`, "write cron(minutes hours day-of-month month day-of-week year), rate(value unit) or at(yyyy-mm-ddThh:mm:ss), e.g. cron(0 3 * * ? *) for 03:00 every day or rate(1 hour)"},
	} {
		t.Run(c.expr, func(t *testing.T) {
			problem, fix := scheduleProblem(c.expr)
			if problem != c.problem || fix != c.fix {
				t.Errorf("got\n  %s\n  (%s)\nwant\n  %s\n  (%s)", problem, fix, c.problem, c.fix)
			}
			if c.problem != "" && strings.HasPrefix(c.fix, "write cron(") && strings.Count(c.fix, "(") == 1 {
				// The expression a fix writes is one EventBridge takes.
				if again, _ := scheduleProblem(strings.TrimPrefix(c.fix, "write ")); again != "" {
					t.Errorf("the fix's own expression is refused: %s", again)
				}
			}
		})
	}
}

// TestLongScheduleExpression: an expression longer than the schedule's
// 256 characters is told so, however valid its fields.
func TestLongScheduleExpression(t *testing.T) {
	long := "cron(0 3 ? * " + strings.Repeat("MON,", 70) + "MON *)"
	problem, fix := scheduleProblem(long)
	if want := "the expression has 299 characters; EventBridge Scheduler takes 256 at most"; problem != want || fix != "shorten it: a cron field's list can often be a range (MON-FRI)" {
		t.Errorf("got %q (%s), want %q", problem, fix, want)
	}
}

// TestUnixCron: a crontab line becomes EventBridge's cron, with ? in the
// day field it leaves at *, its days of the week counted from 1 for
// Sunday (ranges across the week's end split), and every year; a line
// with both day fields set has no one expression.
func TestUnixCron(t *testing.T) {
	for _, c := range []struct {
		line, want string
		ok         bool
	}{
		{"0 3 * * *", "cron(0 3 * * ? *)", true},
		{"*/5 * * * *", "cron(*/5 * * * ? *)", true},
		{"0 0 1 * *", "cron(0 0 1 * ? *)", true},
		{"0 9 * * 1-5", "cron(0 9 ? * 2-6 *)", true},
		{"0 9 * * 0", "cron(0 9 ? * 1 *)", true},
		{"0 9 * * 7", "cron(0 9 ? * 1 *)", true},
		{"0 9 * * 5-7", "cron(0 9 ? * 1,6-7 *)", true},
		{"0 9 * * MON,FRI", "cron(0 9 ? * MON,FRI *)", true},
		{"0 9 1 * 1", "", false},
		{"0 9 * * 1/2", "", false},
		{"0 9 * *", "", false},
	} {
		got, ok := unixCron(strings.Fields(c.line))
		if got != c.want || ok != c.ok {
			t.Errorf("unixCron(%q) = %q, %v; want %q, %v", c.line, got, ok, c.want, c.ok)
		}
	}
}

// TestCronShorthand: crontab's names and Copilot's "@every DURATION"
// become EventBridge expressions, in whole minutes, hours or days.
func TestCronShorthand(t *testing.T) {
	for _, c := range []struct {
		in, want string
		ok       bool
	}{
		{"@daily", "cron(0 0 * * ? *)", true},
		{"@weekly", "cron(0 0 ? * SUN *)", true},
		{"@hourly", "cron(0 * * * ? *)", true},
		{"@every 1h", "rate(1 hour)", true},
		{"@every 30m", "rate(30 minutes)", true},
		{"@every 1h30m", "rate(90 minutes)", true},
		{"@every 48h", "rate(2 days)", true},
		{"@every 30s", "", false},
		{"@every 90s", "", false},
		{"@often", "", false},
	} {
		got, ok := cronShorthand(c.in)
		if got != c.want || ok != c.ok {
			t.Errorf("cronShorthand(%q) = %q, %v; want %q, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}
