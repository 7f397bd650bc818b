<#
.SYNOPSIS
    Installe les fonctions Excel rs-instruction pour l'utilisateur courant, SANS droits
    d'administrateur : environnement Python et complément rs_instruction.xlam dans XLSTART.

.DESCRIPTION
    NON TESTÉ SOUS WINDOWS : ce script a été écrit sur Linux, d'après la documentation et le code
    source de xlwings 0.37.8 ; il n'a jamais été exécuté ni même analysé par PowerShell (absent de
    la machine de développement). Le premier essai suit addin\VERIFICATION_WINDOWS.md.

    Étapes :
      1. crée un environnement Python (venv) dans %LOCALAPPDATA%\rs-instruction\venv ;
      2. y installe rs-instruction (dossier du dépôt ou roue .whl) et ses dépendances, dont
         xlwings (version exacte, celle du complément) ;
      3. construit le complément avec « rs-instruction complement » (à partir du modèle livré
         avec le xlwings du venv : même version que sa DLL) dans
         %USERPROFILE%\.rs_instruction\rs_instruction.xlam ;
      4. le copie dans le dossier XLSTART de l'utilisateur (%APPDATA%\Microsoft\Excel\XLSTART) :
         Excel l'ouvre à chaque démarrage, les fonctions sont alors disponibles dans tout
         classeur, .xlsx compris ;
      5. vérifie, en lecture seule, ce qui pourrait bloquer : règles ASR de Microsoft Defender,
         stratégie de macros d'Office.
    Avec -Secours, installe aussi le parcours de secours (complément xlwings.xlam et
    %USERPROFILE%\.xlwings\xlwings.conf, pour « Import Functions » dans un .xlsm).

    Rien n'est écrit hors du profil de l'utilisateur ; aucun réglage de sécurité n'est modifié.

.PARAMETER Source
    Dossier du dépôt rs-instruction (celui qui contient pyproject.toml) ou chemin d'une roue
    rs_instruction-*.whl.

.PARAMETER Wheelhouse
    Facultatif : dossier de roues préparé à l'avance sur un poste Windows relié à Internet,
    avec la même version de Python (« py -3.11 -m pip wheel <dépôt> -w roues »). L'installation
    se fait alors sans accès au réseau (pip --no-index --find-links). Dans ce cas, passer de
    préférence la roue rs_instruction-*.whl comme -Source.

.PARAMETER Python
    Facultatif : chemin complet d'un python.exe (3.10 ou plus récent) à utiliser à la place du
    lanceur « py ».

.PARAMETER VersionPython
    Version demandée au lanceur « py » (défaut 3.11).

.PARAMETER Dossier
    Dossier d'installation (défaut %LOCALAPPDATA%\rs-instruction). À ne changer que si le
    chemin par défaut pose problème ; il doit alors ne contenir que des caractères ASCII. Le
    complément est alors construit avec ce chemin d'interpréteur.

.PARAMETER Recreer
    Supprime et recrée l'environnement Python s'il existe déjà.

.PARAMETER Secours
    Installe aussi le parcours de secours : complément xlwings.xlam (« xlwings addin install »)
    et configuration %USERPROFILE%\.xlwings\xlwings.conf, pour importer les fonctions dans un
    classeur .xlsm (voir addin\README.md, « Parcours de secours »).

.EXAMPLE
    powershell -NoProfile -ExecutionPolicy Bypass -File addin\installer.ps1 -Source C:\Users\moi\rs-instruction

.EXAMPLE
    powershell -NoProfile -ExecutionPolicy Bypass -File addin\installer.ps1 -Source .\roues\rs_instruction-0.1.0-py3-none-any.whl -Wheelhouse .\roues
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][string]$Source,
    [string]$Wheelhouse = "",
    [string]$Python = "",
    [string]$VersionPython = "3.11",
    [string]$Dossier = "",
    [switch]$Recreer,
    [switch]$Secours
)

$ErrorActionPreference = "Stop"

function Stop-Installation([string]$Message) {
    Write-Host ""
    Write-Host "ERREUR : $Message" -ForegroundColor Red
    Write-Host "Voir addin\README.md, section « Dépannage »." -ForegroundColor Red
    exit 1
}

# Les commandes externes (python, pip, rs-instruction) ne déclenchent pas d'exception PowerShell :
# on lit leur code de retour après chaque appel.
function Assert-CodeRetour([string]$Etape) {
    if ($LASTEXITCODE -ne 0) {
        Stop-Installation "$Etape a échoué (code de retour $LASTEXITCODE)."
    }
}

# --- 0. Vérifications préalables -------------------------------------------------------------

if (-not $env:LOCALAPPDATA -or -not $env:USERPROFILE -or -not $env:APPDATA) {
    Stop-Installation "variables LOCALAPPDATA / USERPROFILE / APPDATA absentes : ce script est prévu pour Windows."
}

$DossierParDefaut = Join-Path $env:LOCALAPPDATA "rs-instruction"
if (-not $Dossier) { $Dossier = $DossierParDefaut }
$Dossier = [System.IO.Path]::GetFullPath($Dossier)
$Venv = Join-Path $Dossier "venv"
$PythonVenv = Join-Path $Venv "Scripts\python.exe"
$PythonwVenv = Join-Path $Venv "Scripts\pythonw.exe"
$RsInstruction = Join-Path $Venv "Scripts\rs-instruction.exe"
$XlwingsVenv = Join-Path $Venv "Scripts\xlwings.exe"

# Le complément construit (à côté de la configuration de l'utilisateur que lit son VBA) et sa
# copie dans XLSTART, le dossier de démarrage d'Excel de l'utilisateur.
$Complement = Join-Path $env:USERPROFILE ".rs_instruction\rs_instruction.xlam"
$Xlstart = Join-Path $env:APPDATA "Microsoft\Excel\XLSTART"
$ComplementXlstart = Join-Path $Xlstart "rs_instruction.xlam"

$DossierConf = Join-Path $env:USERPROFILE ".xlwings"
$Conf = Join-Path $DossierConf "xlwings.conf"
$Sauvegarde = "$Conf.avant-rs-instruction"
$Modele = Join-Path $PSScriptRoot "xlwings.conf"

if (-not (Test-Path -LiteralPath $Source)) {
    Stop-Installation "source introuvable : $Source"
}
$SourceComplete = (Resolve-Path -LiteralPath $Source).Path
if ($Secours -and -not (Test-Path -LiteralPath $Modele)) {
    Stop-Installation "modèle de configuration introuvable : $Modele (lancer le script depuis le dossier addin du dépôt)."
}
if ($Wheelhouse -and -not (Test-Path -LiteralPath $Wheelhouse)) {
    Stop-Installation "dossier de roues introuvable : $Wheelhouse"
}
if ($Dossier -ne $DossierParDefaut -and $Dossier -match '[^\x20-\x7E]') {
    # Le chemin de l'interpréteur est lu par le VBA du complément : on le garde en ASCII.
    Stop-Installation "le dossier d'installation choisi contient des caractères non ASCII : $Dossier"
}

# Excel garde ouvert le complément de XLSTART : la copie échouerait.
if (Get-Process -Name "EXCEL" -ErrorAction SilentlyContinue) {
    Stop-Installation "Excel est ouvert. Fermez toutes les fenêtres Excel (vérifiez le Gestionnaire des tâches), puis relancez."
}

$Identite = [Security.Principal.WindowsPrincipal][Security.Principal.WindowsIdentity]::GetCurrent()
if ($Identite.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) {
    Write-Host "ATTENTION : PowerShell est lancé « en tant qu'administrateur ». L'installation visera le" -ForegroundColor Yellow
    Write-Host "profil de ce compte ($env:USERPROFILE). Pour votre propre compte, relancez sans élévation." -ForegroundColor Yellow
}

# --- 1. Environnement Python -----------------------------------------------------------------

Write-Host "1. Environnement Python : $Venv"
if ((Test-Path -LiteralPath $Venv) -and $Recreer) {
    Remove-Item -LiteralPath $Venv -Recurse -Force
}
if (-not (Test-Path -LiteralPath $PythonVenv)) {
    New-Item -ItemType Directory -Force -Path $Dossier | Out-Null
    if ($Python) {
        if (-not (Test-Path -LiteralPath $Python)) { Stop-Installation "interpréteur introuvable : $Python" }
        & $Python -m venv $Venv
    }
    else {
        if (-not (Get-Command "py" -ErrorAction SilentlyContinue)) {
            Stop-Installation ("lanceur « py » introuvable. Installez Python $VersionPython depuis python.org " +
                "(case « Install for all users » décochée), ou passez -Python C:\chemin\vers\python.exe.")
        }
        & py "-$VersionPython" -m venv $Venv
    }
    Assert-CodeRetour "La création de l'environnement Python"
}
if (-not (Test-Path -LiteralPath $PythonwVenv)) {
    Stop-Installation "pythonw.exe absent de $Venv\Scripts (antivirus ? environnement incomplet ? relancer avec -Recreer)."
}
$Version = & $PythonVenv -c "import sys; print('%d.%d' % sys.version_info[:2])"
Assert-CodeRetour "Le lancement de Python"
if ([version]$Version -lt [version]"3.10") {
    Stop-Installation "Python $Version trouvé ; rs-instruction demande Python 3.10 ou plus récent (3.11 conseillé)."
}
Write-Host "   Python $Version"

# --- 2. Installation de rs-instruction et de ses dépendances (dont xlwings) ------------------

Write-Host "2. Installation de rs-instruction depuis $SourceComplete"
$ArgumentsPip = @("-m", "pip", "install", "--disable-pip-version-check", "--upgrade")
if ($Wheelhouse) {
    $ArgumentsPip += @("--no-index", "--find-links", (Resolve-Path -LiteralPath $Wheelhouse).Path)
}
$ArgumentsPip += $SourceComplete
& $PythonVenv @ArgumentsPip
Assert-CodeRetour "L'installation par pip"

& $PythonVenv -c "from udfs.excel import REGISTRE; import xlwings; print('   %d fonctions ; xlwings %s' % (len(REGISTRE), xlwings.__version__))"
Assert-CodeRetour "L'import du module des fonctions (udfs.excel)"

# La DLL de xlwings (xlwings64-<version>.dll / xlwings32-<version>.dll) est posée à la racine du
# venv ; le complément la cherche à côté de pythonw.exe puis dans le dossier parent.
if (-not (Get-ChildItem -LiteralPath $Venv -Filter "xlwings*.dll" -ErrorAction SilentlyContinue)) {
    Stop-Installation "DLL xlwings absente de $Venv (mise en quarantaine par l'antivirus ?)."
}

# --- 3. Construction du complément rs_instruction.xlam ---------------------------------------

Write-Host "3. Construction du complément : $Complement"
$ArgumentsComplement = @("complement", "--sortie", $Complement)
if ($Dossier -ne $DossierParDefaut) {
    $ArgumentsComplement += @("--interpreteur", $PythonwVenv)
}
& $RsInstruction @ArgumentsComplement
Assert-CodeRetour "« rs-instruction complement »"

# --- 4. Copie dans XLSTART ---------------------------------------------------------------------

Write-Host "4. Complément dans le dossier de démarrage d'Excel : $ComplementXlstart"
New-Item -ItemType Directory -Force -Path $Xlstart | Out-Null
Copy-Item -LiteralPath $Complement -Destination $ComplementXlstart -Force
# Construit sur ce poste, le fichier n'a pas la marque « venu d'Internet » ; on la retire quand même,
# par précaution (sans effet si elle est absente ; ne demande aucun droit).
Unblock-File -LiteralPath $ComplementXlstart -ErrorAction SilentlyContinue

# --- 4 bis. Parcours de secours (facultatif) -------------------------------------------------

if ($Secours) {
    Write-Host "4 bis. Parcours de secours : complément xlwings et $Conf"
    if ((Test-Path -LiteralPath $Conf) -and -not (Test-Path -LiteralPath $Sauvegarde)) {
        $Existant = Get-Content -LiteralPath $Conf -Raw
        if ($Existant -notmatch 'udfs\.excel') {
            Copy-Item -LiteralPath $Conf -Destination $Sauvegarde
            Write-Host "   Configuration xlwings existante sauvegardée : $Sauvegarde"
        }
    }
    & $XlwingsVenv addin install
    Assert-CodeRetour "« xlwings addin install »"
    # « xlwings addin install » affiche ses erreurs sans changer son code de retour : on vérifie.
    $Statut = (& $XlwingsVenv addin status) -join " "
    if ($Statut -notmatch "is installed at") {
        Stop-Installation "le complément xlwings n'est pas dans XLSTART ($Statut)."
    }
    New-Item -ItemType Directory -Force -Path $DossierConf | Out-Null
    $Lignes = @(Get-Content -LiteralPath $Modele | Where-Object { $_.Trim() -ne "" })
    if ($Dossier -ne $DossierParDefaut) {
        $Lignes = @($Lignes | ForEach-Object {
                if ($_ -like '"INTERPRETER_WIN",*') { '"INTERPRETER_WIN","' + $PythonwVenv + '"' } else { $_ }
            })
    }
    # Format lu par VBA (« Input # ») : une paire "CLÉ","valeur" par ligne, CRLF, sans ligne vide.
    $Texte = ($Lignes -join "`r`n") + "`r`n"
    [System.IO.File]::WriteAllText($Conf, $Texte, [System.Text.Encoding]::ASCII)
}

# --- 5. Vérifications en lecture seule -------------------------------------------------------

Write-Host "5. Vérifications"
# Règles ASR de Microsoft Defender qui touchent xlwings (1 = bloquer, 2 = audit, 6 = avertir).
$ReglesAsr = @{
    "d4f940ab-401b-4efc-aadc-ad5f3c50688a" = "Bloquer la création de processus enfants par toutes les applications Office (xlwings lance Python par cmd.exe)";
    "92e97fa1-2edf-4476-bdd6-9dd0b4dddc7b" = "Bloquer les appels d'API Win32 à partir de macros Office (le VBA d'xlwings déclare sa DLL)"
}
try {
    $Preferences = Get-MpPreference -ErrorAction Stop
    $Ids = @($Preferences.AttackSurfaceReductionRules_Ids)
    $Actions = @($Preferences.AttackSurfaceReductionRules_Actions)
    for ($i = 0; $i -lt $Ids.Count; $i++) {
        $Id = "$($Ids[$i])".ToLower()
        if ($ReglesAsr.ContainsKey($Id) -and $Actions[$i] -in @(1, 6)) {
            Write-Host "   ATTENTION : règle ASR active : $($ReglesAsr[$Id]). Les fonctions risquent de ne pas calculer ; voir README, Dépannage." -ForegroundColor Yellow
        }
    }
}
catch {
    Write-Host "   Règles ASR de Defender non lisibles depuis ce compte (normal sans droits) : voir README, Dépannage, si les fonctions ne calculent pas."
}
# Stratégie de macros imposée (VBAWarnings : 2 avertir, 3 signées seulement, 4 tout désactiver) et
# emplacements approuvés désactivés (XLSTART en est un par défaut).
foreach ($Cle in @("HKCU:\Software\Policies\Microsoft\Office\16.0\Excel\Security",
        "HKCU:\Software\Policies\Microsoft\Office\16.0\Excel\Security\Trusted Locations")) {
    $Valeurs = Get-ItemProperty -Path $Cle -ErrorAction SilentlyContinue
    if ($Valeurs -and $Valeurs.VBAWarnings -in @(3, 4)) {
        Write-Host "   ATTENTION : stratégie de macros « $($Valeurs.VBAWarnings) » (3 : signées seulement ; 4 : toutes désactivées) : le complément, non signé, ne s'exécutera pas. Voir README, Dépannage." -ForegroundColor Yellow
    }
    if ($Valeurs -and $Valeurs.AllLocationsDisabled -eq 1) {
        Write-Host "   ATTENTION : les emplacements approuvés sont désactivés par stratégie : Excel demandera d'activer les macros du complément." -ForegroundColor Yellow
    }
}

Write-Host ""
Write-Host "Installation terminée. Ouvrez Excel, puis n'importe quel dossier .xlsx : les fonctions calculent."
Write-Host "Premier essai : suivre addin\VERIFICATION_WINDOWS.md."
exit 0
