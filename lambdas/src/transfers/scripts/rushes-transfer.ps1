# Rushes: copy files from S3 to this Windows workstation's edit share, or remove them, as a
# manifest says; verify every byte; write the result next to the manifest. The twin of
# rushes-transfer.sh: the same arguments, manifest reading, statuses and failure phrases.
#
#   rushes-transfer.ps1 s3://BUCKET/transfers/JOB/manifest.json JOB
#
# The SSM document passes exactly these two values (both checked by its allowedPattern and
# again below). File names are never in a command: they come from the manifest, base64-
# encoded, are decoded into variables and reach cmdlets only through -LiteralPath (or .NET
# calls, which read no wildcards), so `[`, `]`, `*`, quotes and `$(...)` stay characters.
# Long paths go through the \\?\ prefix. Needs Windows PowerShell 5.1 or PowerShell 7 and
# AWS Tools for PowerShell (AWS.Tools.S3, or the AWSPowerShell module of Windows AMIs);
# credentials and region come from the instance profile.
#
# Not run on the machines that build Rushes (no PowerShell there): a static test checks what
# can be checked without running it (lambdas/src/transfers/windowsScript.test.ts).
param(
  [Parameter(Mandatory = $true, Position = 0)][string] $ManifestUri,
  [Parameter(Mandatory = $true, Position = 1)][string] $JobId
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

$uriMatch = [regex]::Match($ManifestUri, '^s3://([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])/((?:[^/]+/)*)manifest\.json$')
if (-not $uriMatch.Success) {
  [Console]::Error.WriteLine('rushes-transfer: the manifest URI must be s3://BUCKET/.../manifest.json')
  exit 2
}
if (-not [regex]::IsMatch($JobId, '^[A-Za-z0-9-]{8,64}$')) {
  [Console]::Error.WriteLine('rushes-transfer: the job id must be 8 to 64 letters, digits or hyphens')
  exit 2
}
$ManifestBucket = $uriMatch.Groups[1].Value
$ManifestKey = $uriMatch.Groups[2].Value + 'manifest.json'
$ResultKey = $uriMatch.Groups[2].Value + 'result.json'

if (Get-Module -ListAvailable -Name 'AWS.Tools.S3') { Import-Module 'AWS.Tools.S3' } else { Import-Module 'AWSPowerShell' }

$Utf8 = New-Object System.Text.UTF8Encoding -ArgumentList $false, $true
$Work = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), 'rushes-transfer.' + [guid]::NewGuid().ToString('N'))
[void][System.IO.Directory]::CreateDirectory($Work)
$ManifestFile = [System.IO.Path]::Combine($Work, 'manifest.json')
$ResultFile = [System.IO.Path]::Combine($Work, 'result.json')
$Lines = New-Object 'System.Collections.Generic.List[string]'
$Results = New-Object 'System.Collections.Generic.List[string]'

# One result line per entry, written as each file ends: nothing a name could break.
function Add-Result([string] $Index, [string] $Status, $Bytes, [string] $Sha, [string] $Err, [string] $Md5 = '') {
  $b = if ($null -eq $Bytes -or "$Bytes" -eq '') { 'null' } else { [string]$Bytes }
  $s = if ($Sha) { '"' + $Sha + '"' } else { 'null' }
  $m = if ($Md5) { '"' + $Md5 + '"' } else { 'null' }
  $e = if ($Err) { '"' + $Err + '"' } else { 'null' }
  $Results.Add('{"index":' + $Index + ',"status":"' + $Status + '","bytes":' + $b + ',"sha256":' + $s + ',"md5":' + $m + ',"xxh64":null,"error":' + $e + '}')
}

# Writes result.json (the job error, or null), uploads it and ends the script.
function Complete-Job([string] $JobError) {
  $je = if ($JobError) { '"' + $JobError + '"' } else { 'null' }
  $text = '{"version":1,"jobId":"' + $JobId + '","error":' + $je + ',"entries":[' + "`n" + ($Results -join (',' + "`n")) + "`n" + ']}' + "`n"
  [System.IO.File]::WriteAllText($ResultFile, $text, (New-Object System.Text.UTF8Encoding -ArgumentList $false))
  $code = 0
  try {
    Write-S3Object -BucketName $ManifestBucket -Key $ResultKey -File $ResultFile -ContentType 'application/json' | Out-Null
  } catch {
    [Console]::Error.WriteLine('rushes-transfer: could not upload the result')
    $code = 1
  }
  Remove-Item -LiteralPath $Work -Recurse -Force -ErrorAction SilentlyContinue
  exit $code
}

# Fails every entry of the manifest with one reason (when the job cannot run at all).
function Fail-All([string] $Reason) {
  foreach ($line in $Lines) {
    $m = [regex]::Match($line, '^\{"index":([0-9]+),')
    if ($m.Success) { Add-Result $m.Groups[1].Value 'failed' $null '' $Reason }
  }
  Complete-Job $Reason
}

# The failure a person can act on, from the exception (and the ones it wraps).
function Get-Reason([string] $Default, $ErrorRecord) {
  $ex = if ($ErrorRecord -is [System.Management.Automation.ErrorRecord]) { $ErrorRecord.Exception } else { $ErrorRecord }
  while ($null -ne $ex) {
    $hresult = $ex.HResult -band 0xFFFF
    $code = if ($ex.PSObject.Properties['ErrorCode']) { [string]$ex.ErrorCode } else { '' }
    $status = if ($ex.PSObject.Properties['StatusCode']) { [string]$ex.StatusCode } else { '' }
    # ERROR_DISK_FULL (112), ERROR_HANDLE_DISK_FULL (39); ERROR_WRITE_PROTECT (19).
    if ($hresult -eq 112 -or $hresult -eq 39) { return "the share is full" }
    if ($hresult -eq 19) { return "the share is read-only" }
    if ($code -eq 'NoSuchKey' -or $status -eq 'NotFound') { return "the file is no longer in storage" }
    if ($ex -is [System.UnauthorizedAccessException] -or $code -eq 'AccessDenied' -or $status -eq 'Forbidden') { return "permission denied" }
    $ex = $ex.InnerException
  }
  return $Default
}

function Get-Sha256([string] $Path) { (Get-FileHash -LiteralPath $Path -Algorithm SHA256).Hash.ToLowerInvariant() }
# SHA-256 and MD5 (for the MHL generation) of what landed, from one read of the file:
# Get-FileHash would read it once per algorithm.
function Get-Hashes([string] $Path) {
  $sha = [System.Security.Cryptography.SHA256]::Create()
  $md5 = [System.Security.Cryptography.MD5]::Create()
  $stream = [System.IO.File]::OpenRead($Path)
  try {
    $buffer = New-Object byte[] (4MB)
    while (($read = $stream.Read($buffer, 0, $buffer.Length)) -gt 0) {
      [void]$sha.TransformBlock($buffer, 0, $read, $null, 0)
      [void]$md5.TransformBlock($buffer, 0, $read, $null, 0)
    }
    [void]$sha.TransformFinalBlock($buffer, 0, 0)
    [void]$md5.TransformFinalBlock($buffer, 0, 0)
  } finally {
    $stream.Dispose()
  }
  @{
    Sha256 = ([System.BitConverter]::ToString($sha.Hash) -replace '-', '').ToLowerInvariant()
    Md5 = ([System.BitConverter]::ToString($md5.Hash) -replace '-', '').ToLowerInvariant()
  }
}
function Get-Size([string] $Path) { [long](Get-Item -LiteralPath $Path -Force).Length }
function Test-File([string] $Path) { Test-Path -LiteralPath $Path -PathType Leaf }

# A path Windows reads without the 260-character limit: \\?\D:\... or \\?\UNC\server\share\...
function ConvertTo-LongPath([string] $Path) {
  if ($Path.StartsWith('\\?\')) { return $Path }
  if ($Path.StartsWith('\\')) { return '\\?\UNC\' + $Path.Substring(2) }
  return '\\?\' + $Path
}

try {
  Read-S3Object -BucketName $ManifestBucket -Key $ManifestKey -File $ManifestFile | Out-Null
} catch {
  Complete-Job "the manifest could not be read from S3"
}
try {
  foreach ($line in [System.IO.File]::ReadAllLines($ManifestFile, $Utf8)) { $Lines.Add($line) }
} catch {
  # Not UTF-8: not a manifest the API wrote.
  Complete-Job "the manifest could not be read from S3"
}

function Get-Header([string] $Name, [string] $Pattern) {
  foreach ($line in $Lines) {
    $m = [regex]::Match($line, '^"' + $Name + '":"(' + $Pattern + ')",$')
    if ($m.Success) { return $m.Groups[1].Value }
  }
  return ''
}
if ($Lines.Count -eq 0 -or $Lines[0] -cne '{"version":1,') { Fail-All "the manifest is not version 1" }
if ((Get-Header 'jobId' '[A-Za-z0-9-]*') -cne $JobId) { Fail-All "the manifest belongs to another job" }
$Operation = Get-Header 'operation' 'copy|remove'
$Bucket = Get-Header 'bucket' '[a-z0-9.-]*'
$RootB64 = Get-Header 'shareRootB64' '[A-Za-z0-9+/=]*'
if (-not $Operation -or -not $Bucket -or -not $RootB64) { Fail-All "the manifest is incomplete" }
try {
  $ShareRoot = $Utf8.GetString([Convert]::FromBase64String($RootB64))
} catch {
  Fail-All "the manifest's share root is not base64"
}
try {
  $RootFull = [System.IO.Path]::GetFullPath($ShareRoot).TrimEnd('\')
} catch {
  $RootFull = ''
}
# Tested with its trailing separator, so a drive root (D:) is the drive's root, not its current folder.
if (-not $RootFull -or -not (Test-Path -LiteralPath (ConvertTo-LongPath ($RootFull + '\')) -PathType Container)) {
  Fail-All "the share root does not exist on this workstation"
}
$RootLong = ConvertTo-LongPath $RootFull

# Windows names that are devices, not files, whatever their extension.
$Reserved = '^(?i:CON|PRN|AUX|NUL|COM[1-9]|LPT[1-9])(?:\..*)?$'

# The destination's full \\?\ path below the share root, or null when the manifest path would
# leave it or name something Windows would read differently (streams, devices, a trailing dot).
function Resolve-SharePath([string] $Relative) {
  if ($Relative.StartsWith('/')) { return $null }
  $segments = $Relative.Split('/')
  foreach ($segment in $segments) {
    if ($segment -eq '' -or $segment -eq '.' -or $segment -eq '..') { return $null }
    if ($segment.IndexOfAny([char[]]'\:*?"<>|') -ge 0 -or [regex]::IsMatch($segment, '[\x00-\x1f]')) { return $null }
    if ($segment.EndsWith('.') -or $segment.EndsWith(' ') -or [regex]::IsMatch($segment, $Reserved)) { return $null }
  }
  $full = $RootLong + '\' + ($segments -join '\')
  if (-not $full.StartsWith($RootLong + '\', [System.StringComparison]::OrdinalIgnoreCase)) { return $null }
  return $full
}

function Copy-Entry([string] $Index, [long] $Size, [string] $Sha, [string] $Key, [string] $Dest) {
  if (Test-Path -LiteralPath $Dest) {
    if ((Test-File $Dest) -and (Get-Size $Dest) -eq $Size -and (Get-Sha256 $Dest) -ceq $Sha) {
      Add-Result $Index 'present' $Size $Sha ''
    } else {
      Add-Result $Index 'failed' $null '' "a different file is already at that path on the share"
    }
    return
  }
  try {
    [void][System.IO.Directory]::CreateDirectory([System.IO.Path]::GetDirectoryName($Dest))
  } catch {
    Add-Result $Index 'failed' $null '' (Get-Reason "the folder could not be made on the share" $_)
    return
  }
  # Downloaded under a short name of safe characters at the share root (the same volume, so
  # the move below is a rename): the AWS cmdlet never sees the file's own name or a long path.
  $part = $RootFull + '\.' + $JobId + '-' + $Index + '.rushes-part'
  try {
    Read-S3Object -BucketName $Bucket -Key $Key -File $part | Out-Null
  } catch {
    Remove-Item -LiteralPath $part -Force -ErrorAction SilentlyContinue
    Add-Result $Index 'failed' $null '' (Get-Reason "the copy failed" $_)
    return
  }
  $gotSize = Get-Size $part
  if ($gotSize -ne $Size) {
    Remove-Item -LiteralPath $part -Force -ErrorAction SilentlyContinue
    Add-Result $Index 'failed' $gotSize '' "size mismatch after copy"
    return
  }
  $got = Get-Hashes $part
  $gotSha = $got.Sha256
  if ($gotSha -cne $Sha) {
    Remove-Item -LiteralPath $part -Force -ErrorAction SilentlyContinue
    Add-Result $Index 'failed' $gotSize $gotSha "checksum mismatch after copy" $got.Md5
    return
  }
  try {
    # Move-Item's -Destination accepts wildcards; File.Move reads none, and fails if something appeared there meanwhile.
    [System.IO.File]::Move($part, $Dest)
  } catch {
    Remove-Item -LiteralPath $part -Force -ErrorAction SilentlyContinue
    Add-Result $Index 'failed' $null '' (Get-Reason "the file could not be put in place" $_)
    return
  }
  Add-Result $Index 'copied' $gotSize $gotSha '' $got.Md5
}

function Remove-Entry([string] $Index, [long] $Size, [string] $Sha, [string] $Dest) {
  if (-not (Test-Path -LiteralPath $Dest)) {
    Add-Result $Index 'absent' $null '' ''
    return
  }
  if (-not (Test-File $Dest) -or (Get-Size $Dest) -ne $Size -or (Get-Sha256 $Dest) -cne $Sha) {
    Add-Result $Index 'changed' $null '' "the file on the share is not the one sent; it was left in place"
    return
  }
  try {
    Remove-Item -LiteralPath $Dest -Force
  } catch {
    Add-Result $Index 'failed' $null '' (Get-Reason "the file could not be removed" $_)
    return
  }
  # Folders the copy made go when they are empty, never the share root or above.
  $dir = [System.IO.Path]::GetDirectoryName($Dest)
  while ($dir.StartsWith($RootLong + '\', [System.StringComparison]::OrdinalIgnoreCase)) {
    if (@(Get-ChildItem -LiteralPath $dir -Force).Count -gt 0) { break }
    try { Remove-Item -LiteralPath $dir -Force } catch { break }
    $dir = [System.IO.Path]::GetDirectoryName($dir)
  }
  Add-Result $Index 'removed' $Size $Sha ''
}

# An entry's xxh64 (written after pathB64) goes unused here: Windows has no xxh64 in the box
# and a script cannot compute one at media speed, so Windows verifies every file with its
# SHA-256 (and reports the MD5 beside it), as the Linux script does where xxhsum is missing.
$EntryPattern = '^\{"index":([0-9]+),"size":([0-9]+),"sha256":"([0-9a-f]{64})","keyB64":"([A-Za-z0-9+/=]*)","pathB64":"([A-Za-z0-9+/=]*)",'
$Entries = @(foreach ($line in $Lines) { $m = [regex]::Match($line, $EntryPattern); if ($m.Success) { $m } })
if ($Entries.Count -eq 0) { Fail-All "the manifest lists no files" }

foreach ($m in $Entries) {
  $index = $m.Groups[1].Value
  try {
    $key = $Utf8.GetString([Convert]::FromBase64String($m.Groups[4].Value))
    $relative = $Utf8.GetString([Convert]::FromBase64String($m.Groups[5].Value))
  } catch {
    Add-Result $index 'failed' $null '' "the manifest entry is not base64"
    continue
  }
  $dest = Resolve-SharePath $relative
  if ($null -eq $dest) {
    Add-Result $index 'failed' $null '' "the destination path leaves the share"
    continue
  }
  try {
    if ($Operation -ceq 'copy') {
      Copy-Entry $index ([long]$m.Groups[2].Value) $m.Groups[3].Value $key $dest
    } else {
      Remove-Entry $index ([long]$m.Groups[2].Value) $m.Groups[3].Value $dest
    }
  } catch {
    # A file the share would not let us read or check: this entry fails, the others go on.
    $default = if ($Operation -ceq 'copy') { "the copy failed" } else { "the file could not be removed" }
    Add-Result $index 'failed' $null '' (Get-Reason $default $_)
  }
}

Complete-Job ''
