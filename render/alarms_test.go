package render

import (
	"strings"
	"testing"

	"github.com/awslabs/goformation/v7/cloudformation/cloudwatch"
	"github.com/awslabs/goformation/v7/cloudformation/kms"
	"github.com/awslabs/goformation/v7/cloudformation/sns"
)

// TestAlarmTopicIsEncryptedForCloudWatch: the topic the stack creates is
// encrypted with a key of its own, whose policy and the topic's let
// CloudWatch publish for this stack's alarms only; every alarm notifies it.
func TestAlarmTopicIsEncryptedForCloudWatch(t *testing.T) {
	b := nlbBlueprint()
	b.Alarms.Emails = []string{"oncall@example.com"}
	tmpl := mustTemplate(t, b)
	topic := tmpl.Resources[alarmTopicID].(*sns.Topic)
	if !strings.Contains(decode(*topic.KmsMasterKeyId), alarmTopicKeyID) {
		t.Errorf("topic key %s", decode(*topic.KmsMasterKeyId))
	}
	key := tmpl.Resources[alarmTopicKeyID].(*kms.Key)
	if !*key.EnableKeyRotation {
		t.Error("the topic's key does not rotate")
	}
	doc := key.KeyPolicy.(policyDocument)
	cw := doc.Statement[1]
	if cw.Principal["Service"] != "cloudwatch.amazonaws.com" || cw.Condition == nil || !strings.Contains(decode(cw.Condition["ArnLike"].(map[string]any)["aws:SourceArn"].(string)), ":alarm:${AWS::StackName}-*") {
		t.Errorf("key policy for CloudWatch: %+v", cw)
	}
	if _, ok := tmpl.Resources[emailSubscriptionID("oncall@example.com")].(*sns.Subscription); !ok {
		t.Error("no subscription for the address")
	}
	alarms := 0
	for id, r := range tmpl.Resources {
		a, ok := r.(*cloudwatch.Alarm)
		if !ok {
			continue
		}
		alarms++
		if len(a.AlarmActions) != 1 || !strings.Contains(decode(a.AlarmActions[0]), alarmTopicID) || len(a.OKActions) != 1 {
			t.Errorf("%s notifies %v / %v", id, a.AlarmActions, a.OKActions)
		}
		if a.DatapointsToAlarm == nil || *a.DatapointsToAlarm != a.EvaluationPeriods || *a.TreatMissingData != "notBreaching" {
			t.Errorf("%s: fires on %v of %d minutes, missing data %v", id, a.DatapointsToAlarm, a.EvaluationPeriods, a.TreatMissingData)
		}
	}
	// Behind the NLB: running tasks, CPU, memory, unhealthy targets, and
	// the NLB's own errors.
	if alarms != 5 {
		t.Errorf("%d alarms, want 5", alarms)
	}
}

// TestExistingTopic: alarms notify a topic named by ARN, and the stack
// creates none.
func TestExistingTopic(t *testing.T) {
	b := nlbBlueprint()
	const topic = "arn:aws:sns:eu-west-1:123456789012:oncall"
	b.Alarms.Topic = topic
	tmpl := mustTemplate(t, b)
	if _, ok := tmpl.Resources[alarmTopicID]; ok {
		t.Error("a topic created beside the existing one")
	}
	a := tmpl.Resources["WebServiceCpuAlarm"].(*cloudwatch.Alarm)
	if a.AlarmActions[0] != topic {
		t.Errorf("alarm actions %v", a.AlarmActions)
	}
}

// TestEmailSubscriptionIDs: an address's subscription keeps its ID whatever
// the other addresses; two addresses never share one.
func TestEmailSubscriptionIDs(t *testing.T) {
	a, b := emailSubscriptionID("oncall@example.com"), emailSubscriptionID("team@example.com")
	if a == b || a != emailSubscriptionID("OnCall@example.com") || !strings.HasPrefix(a, "AlarmEmail") {
		t.Errorf("%s %s", a, b)
	}
}

// TestAlarmsOff: no alarm, topic or dashboard.
func TestAlarmsOff(t *testing.T) {
	b := nlbBlueprint()
	b.Alarms.Off = true
	for id, r := range mustTemplate(t, b).Resources {
		switch r.(type) {
		case *cloudwatch.Alarm, *cloudwatch.Dashboard, *sns.Topic:
			t.Errorf("%s with alarms off", id)
		}
	}
}
