#!/usr/bin/env python3
"""Regenerates diff/replacements.json and diff/names.json from the resource
schemas cfn-lint ships, for every resource type ecsgate emits (the types in
the golden templates).

replacements.json: the properties whose change makes CloudFormation replace
the resource (createOnlyProperties, and conditionalCreateOnlyProperties for
changes that replace only in some cases, but for those ALWAYS lists: they
replace whenever they change).

names.json: the properties that hold a resource's physical name, which AWS
keeps unique: the writable properties of its primaryIdentifier and its
create-only properties named *Name. "scope" lists the writable
primaryIdentifier properties that are not names: the parent a name is unique
within (an ECS service's Cluster, a stage's RestApiId). Two create-only *Name
properties name something other than the resource and are left out: a
certificate's DomainName (many certificates may cover a domain) and a VPC
endpoint's ServiceName (the AWS service it reaches).

AWS keeps some values unique that the schemas do not mark as names, or
scopes a name more narrowly than the primaryIdentifier says; UNIQUE lists
them, each with the AWS rule (a listener rule's priority on its listener, a
listener's port on its load balancer, a CloudFront alternate domain name,
a Cognito domain, a record's name and type in its zone, a scaling policy's
name on its scalable target).

Run from the module root: python3 diff/replacements.py
"""
import glob
import json
import re

from cfnlint.schema import PROVIDER_SCHEMA_MANAGER

NOT_NAMES = {
    ("AWS::CertificateManager::Certificate", "DomainName"),
    ("AWS::EC2::VPCEndpoint", "ServiceName"),
    # EC2-Classic group names, which ecsgate never writes.
    ("AWS::EC2::SecurityGroupIngress", "GroupName"),
    ("AWS::EC2::SecurityGroupIngress", "SourceSecurityGroupName"),
}

# Values AWS keeps unique that the resource schemas do not mark, with the
# parent they are unique within: "names" are the values, "scope" the parent.
UNIQUE = {
    # ELB: a rule's priority is unique on its listener (PriorityInUse).
    "AWS::ElasticLoadBalancingV2::ListenerRule": {"names": ["Priority"], "scope": ["ListenerArn"]},
    # ELB: one listener per port on a load balancer (DuplicateListener).
    "AWS::ElasticLoadBalancingV2::Listener": {"names": ["Port"], "scope": ["LoadBalancerArn"]},
    # CloudFront: an alternate domain name belongs to one distribution
    # (CNAMEAlreadyExists).
    "AWS::CloudFront::Distribution": {"names": ["DistributionConfig/Aliases/*"], "scope": []},
    # Cognito: a domain prefix or custom domain is unique in the Region.
    "AWS::Cognito::UserPoolDomain": {"names": ["Domain"], "scope": []},
    # Route 53: one record set of a name and type in a zone.
    "AWS::Route53::RecordSet": {"names": ["Name"], "scope": ["HostedZoneId", "HostedZoneName", "Type"]},
    # Application Auto Scaling: a policy's name is unique on its scalable
    # target, not in the account.
    "AWS::ApplicationAutoScaling::ScalingPolicy": {"names": ["PolicyName"], "scope": ["ScalingTargetId"]},
    # CloudFront: a cache policy's name is unique in the account.
    "AWS::CloudFront::CachePolicy": {"names": ["CachePolicyConfig/Name"], "scope": []},
}

# Properties the schemas mark conditional (conditionalCreateOnlyProperties)
# that replace the resource whenever their value changes, each with the AWS
# rule.
ALWAYS = {
    # DynamoDB: UpdateTable cannot change a table's primary key, and the
    # CloudFormation resource specification gives KeySchema the update type
    # Immutable; the schema's "conditional" covers writing the same key
    # differently, which gen diff does not report as a change.
    "AWS::DynamoDB::Table": ["KeySchema"],
}

types = set()
for path in glob.glob("golden/**/*.yaml", recursive=True):
    if path.endswith("blueprint.yaml") or path.endswith("openapi.yaml") or path.endswith("buildspec.yml"):
        continue
    section = None
    for line in open(path, encoding="utf-8"):
        if re.match(r"^[A-Za-z]", line):
            section = line.split(":")[0]
        m = re.match(r"^    Type: (AWS::[A-Za-z0-9:]+)\s*$", line)
        if m and section == "Resources":  # not a Parameter's type
            types.add(m.group(1))

strip = lambda ps: sorted(p.removeprefix("/properties/") for p in ps or [])
replacements, names = {}, {}
for t in sorted(types):
    schema = PROVIDER_SCHEMA_MANAGER.get_resource_schema("us-east-1", t).schema
    always = ALWAYS.get(t, [])
    replacements[t] = {
        "replace": sorted(strip(schema.get("createOnlyProperties")) + always),
        "conditional": [p for p in strip(schema.get("conditionalCreateOnlyProperties")) if p not in always],
    }
    read_only = set(strip(schema.get("readOnlyProperties")))
    identifier = [p for p in strip(schema.get("primaryIdentifier")) if p not in read_only and "/" not in p]
    named = [p for p in strip(schema.get("createOnlyProperties")) if p.endswith("Name") and "/" not in p]
    props = sorted({p for p in identifier + named if (t, p) not in NOT_NAMES})
    scope = [p for p in identifier if p not in named and not p.endswith("Name") and (t, p) not in NOT_NAMES]
    is_name = [p for p in props if p not in scope]
    if is_name:
        names[t] = {"names": is_name, "scope": scope, "source": "schema"}
    if t in UNIQUE:
        names[t] = dict(UNIQUE[t], source="AWS rule the schema does not mark")

for file, data in (("diff/replacements.json", replacements), ("diff/names.json", names)):
    with open(file, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=2, sort_keys=True)
        f.write("\n")
print(f"diff/replacements.json: {len(replacements)} resource types; diff/names.json: {len(names)}")
