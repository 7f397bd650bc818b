<#
.SYNOPSIS
    Installe les fonctions Excel rs-instruction pour l'utilisateur courant, SANS droits
    d'administrateur.

.DESCRIPTION
    NON TESTÉ : ce script n'a été exécuté sur aucun poste Windows. Il a été écrit sur Linux,
    d'après la documentation et le code source de xlwings 0.37.8 (voir addin/README.md,
    section « Ce qui a été testé ici et ce qui demande un Excel Windows »). Un premier essai
    sur un poste du service doit le valider ; en cas d'échec, suivre la procédure manuelle
    du README, étape par étape.

    Étapes :
      1. crée un environnement Python (venv) dans %LOCALAPPDATA%\rs-instruction\venv ;
      2. y installe rs-instruction (dossier du dépôt ou roue .whl) et ses dépendances,
         dont xlwings ;
      3. installe le complément xlwings (xlwings.xlam) dans le dossier XLSTART de
         l'utilisateur (« xlwings addin install », sans l'option --glob qui viserait
         tous les utilisateurs et demanderait des droits d'administrateur) ;
      4. écrit la configuration xlwings de l'utilisateur dans
         %USERPROFILE%\.xlwings\xlwings.conf (interpréteur et module des fonctions),
         après avoir sauvegardé un fichier existant ;
      5. vérifie ce qui peut l'être sans Excel et signale l'option
         « Accès approuvé au modèle d'objet du projet VBA » si elle n'est pas cochée.

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
    chemin par défaut pose problème ; il doit alors ne contenir que des caractères ASCII.

.PARAMETER Recreer
    Supprime et recrée l'environnement Python s'il existe déjà.

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
    [switch]$Recreer
)

$ErrorActionPreference = "Stop"

function Stop-Installation([string]$Message) {
    Write-Host ""
    Write-Host "ERREUR : $Message" -ForegroundColor Red
    Write-Host "Voir addin\README.md, section « Dépannage »." -ForegroundColor Red
    exit 1
}

# Les commandes externes (python, pip, xlwings) ne déclenchent pas d'exception PowerShell :
# on lit leur code de retour après chaque appel.
function Assert-CodeRetour([string]$Etape) {
    if ($LASTEXITCODE -ne 0) {
        Stop-Installation "$Etape a échoué (code de retour $LASTEXITCODE)."
    }
}

# --- 0. Vérifications préalables -------------------------------------------------------------

if (-not $env:LOCALAPPDATA -or -not $env:USERPROFILE) {
    Stop-Installation "variables LOCALAPPDATA / USERPROFILE absentes : ce script est prévu pour Windows."
}

$DossierParDefaut = Join-Path $env:LOCALAPPDATA "rs-instruction"
if (-not $Dossier) { $Dossier = $DossierParDefaut }
$Dossier = [System.IO.Path]::GetFullPath($Dossier)
$Venv = Join-Path $Dossier "venv"
$PythonVenv = Join-Path $Venv "Scripts\python.exe"
$PythonwVenv = Join-Path $Venv "Scripts\pythonw.exe"
$XlwingsVenv = Join-Path $Venv "Scripts\xlwings.exe"

$DossierConf = Join-Path $env:USERPROFILE ".xlwings"
$Conf = Join-Path $DossierConf "xlwings.conf"
$Sauvegarde = "$Conf.avant-rs-instruction"
$Modele = Join-Path $PSScriptRoot "xlwings.conf"

if (-not (Test-Path -LiteralPath $Source)) {
    Stop-Installation "source introuvable : $Source"
}
$SourceComplete = (Resolve-Path -LiteralPath $Source).Path
if (-not (Test-Path -LiteralPath $Modele)) {
    Stop-Installation "modèle de configuration introuvable : $Modele (lancer le script depuis le dossier addin du dépôt)."
}
if ($Wheelhouse -and -not (Test-Path -LiteralPath $Wheelhouse)) {
    Stop-Installation "dossier de roues introuvable : $Wheelhouse"
}
if ($Dossier -ne $DossierParDefaut -and $Dossier -match '[^\x20-\x7E]') {
    # Le fichier xlwings.conf est lu par VBA (Open ... For Input) : on l'écrit en ASCII.
    Stop-Installation "le dossier d'installation choisi contient des caractères non ASCII : $Dossier"
}

# « xlwings addin install » copie xlwings.xlam dans XLSTART : la copie échoue si Excel l'a ouvert.
if (Get-Process -Name "EXCEL" -ErrorAction SilentlyContinue) {
    Stop-Installation "Excel est ouvert. Fermez toutes les fenêtres Excel (vérifiez le Gestionnaire des tâches), puis relancez."
}

$Identite = [Security.Principal.WindowsPrincipal][Security.Principal.WindowsIdentity]::GetCurrent()
if ($Identite.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) {
    Write-Host "ATTENTION : PowerShell est lancé « en tant qu'administrateur ». L'installation visera le" -ForegroundColor Yellow
    Write-Host "profil de ce compte ($env:USERPROFILE). Pour votre propre compte, relancez sans élévation." -ForegroundColor Yellow
}

# Sauvegarde d'une configuration xlwings déjà présente (autre projet xlwings), AVANT l'étape 3 :
# « xlwings addin install » crée lui-même ce fichier s'il n'existe pas.
if ((Test-Path -LiteralPath $Conf) -and -not (Test-Path -LiteralPath $Sauvegarde)) {
    $Existant = Get-Content -LiteralPath $Conf -Raw
    if ($Existant -notmatch 'udfs\.excel') {
        Copy-Item -LiteralPath $Conf -Destination $Sauvegarde
        Write-Host "Configuration xlwings existante sauvegardée : $Sauvegarde"
    }
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

# --- 3. Complément xlwings dans le dossier XLSTART de l'utilisateur --------------------------

Write-Host "3. Installation du complément xlwings (Excel est lancé brièvement, en arrière-plan)"
& $XlwingsVenv addin install
Assert-CodeRetour "« xlwings addin install »"
# « xlwings addin install » affiche ses erreurs sans changer son code de retour : on vérifie.
$Statut = (& $XlwingsVenv addin status) -join " "
if ($Statut -notmatch "is installed at") {
    Stop-Installation "le complément xlwings n'est pas dans XLSTART ($Statut)."
}
Write-Host "   $Statut"

# --- 4. Configuration xlwings de l'utilisateur -----------------------------------------------

Write-Host "4. Configuration xlwings : $Conf"
New-Item -ItemType Directory -Force -Path $DossierConf | Out-Null
$Lignes = @(Get-Content -LiteralPath $Modele | Where-Object { $_.Trim() -ne "" })
if ($Dossier -ne $DossierParDefaut) {
    $Lignes = @($Lignes | ForEach-Object {
            if ($_ -like '"INTERPRETER_WIN",*') { '"INTERPRETER_WIN","' + $PythonwVenv + '"' } else { $_ }
        })
}
# Format lu par le complément (VBA « Input # ») : une paire "CLÉ","valeur" par ligne, fins de
# ligne CRLF, aucune ligne de commentaire ni ligne vide.
$Texte = ($Lignes -join "`r`n") + "`r`n"
[System.IO.File]::WriteAllText($Conf, $Texte, [System.Text.Encoding]::ASCII)
Get-Content -LiteralPath $Conf | ForEach-Object { Write-Host "   $_" }

# --- 5. Vérification (lecture seule) de l'accès au modèle d'objet VBA ------------------------

# Nécessaire seulement pour « Import Functions » (écriture du module VBA dans le classeur).
$Acces = $null
foreach ($Cle in @("HKCU:\Software\Policies\Microsoft\Office\16.0\Excel\Security",
        "HKCU:\Software\Microsoft\Office\16.0\Excel\Security")) {
    $Valeur = Get-ItemProperty -Path $Cle -Name "AccessVBOM" -ErrorAction SilentlyContinue
    if ($Valeur) { $Acces = $Valeur.AccessVBOM; break }
}
Write-Host "5. Vérifications"
if ($Acces -ne 1) {
    Write-Host ("   « Accès approuvé au modèle d'objet du projet VBA » ne semble pas coché : nécessaire " +
        "pour « Import Functions » (voir README, étape 6).") -ForegroundColor Yellow
}
else {
    Write-Host "   Accès approuvé au modèle d'objet du projet VBA : coché."
}

Write-Host ""
Write-Host "Installation terminée. Ouvrez Excel : l'onglet « xlwings » doit apparaître dans le ruban."
Write-Host "Suite : addin\README.md, section « Importer les fonctions dans un classeur »."
exit 0
