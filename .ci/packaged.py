"""Check what `aws cloudformation package` made of a template ecsgate wrote.

Usage: packaged.py SOURCE_DIR PACKAGED_TEMPLATE BUCKET

Every local file the source template names (nested stack templates in
TemplateURL, an API document in BodyS3Location) must have become a reference
to an object that now exists in BUCKET, and nothing may still name a local
path. Exits 1 with the reasons otherwise.
"""

import os
import sys

import boto3
import yaml


class Loader(yaml.SafeLoader):
    """Reads CloudFormation's short-form tags (!Ref, !GetAtt ...) as plain values."""


def _any_tag(loader, suffix, node):
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)


Loader.add_multi_constructor("!", _any_tag)


def load(path):
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=Loader)


def local_files(template):
    """The local paths a template names for package, by logical ID."""
    found = {}
    for rid, res in template.get("Resources", {}).items():
        props = res.get("Properties", {})
        if res["Type"] == "AWS::CloudFormation::Stack":
            found[rid] = props["TemplateURL"]
        elif res["Type"] == "AWS::ApiGateway::RestApi" and isinstance(props.get("BodyS3Location"), str):
            found[rid] = props["BodyS3Location"]
    return found


def main(source_dir, packaged_path, bucket):
    source = load(os.path.join(source_dir, "template.yaml"))
    packaged = load(packaged_path)
    s3 = boto3.client("s3")
    keys = set()
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        keys.update(obj["Key"] for obj in page.get("Contents", []))

    wanted = local_files(source)
    problems = []
    for rid, path in wanted.items():
        if not os.path.isfile(os.path.join(source_dir, path)):
            problems.append(f"{rid}: the source names {path}, which gen did not write")
        props = packaged["Resources"][rid]["Properties"]
        if packaged["Resources"][rid]["Type"] == "AWS::CloudFormation::Stack":
            url = props["TemplateURL"]
            key = url.split(f"/{bucket}/", 1)[-1] if f"/{bucket}/" in url else None
            if not url.startswith(("https://", "http://", "s3://")) or key not in keys:
                problems.append(f"{rid}: TemplateURL {url!r} is not an uploaded object")
        else:
            location = props["BodyS3Location"]
            if not isinstance(location, dict) or location.get("Bucket") != bucket or location.get("Key") not in keys:
                problems.append(f"{rid}: BodyS3Location {location!r} is not an uploaded object")
    still_local = local_files(packaged)
    for rid, path in still_local.items():
        if not str(path).startswith(("https://", "http://", "s3://")):
            problems.append(f"{rid}: {path!r} is still a local path")
    if not wanted:
        problems.append("the source template names no local file: nothing was proven")
    for p in problems:
        print(f"packaged.py: {packaged_path}: {p}", file=sys.stderr)
    if problems:
        return 1
    print(f"package: {len(wanted)} local files of {source_dir} uploaded to s3://{bucket}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
