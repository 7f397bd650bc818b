<#
.SYNOPSIS
    Désinstalle les fonctions Excel rs-instruction de l'utilisateur courant (sans droits
    d'administrateur) : l'inverse de installer.ps1.

.DESCRIPTION
    NON TESTÉ : ce script n'a été exécuté sur aucun poste Windows (voir addin/README.md,
    section « Ce qui a été testé ici et ce qui demande un Excel Windows »).

    Étapes :
      1. retire le complément xlwings du dossier XLSTART (« xlwings addin remove », avec le
         xlwings de l'environnement rs-instruction) ;
      2. supprime %USERPROFILE%\.xlwings\xlwings.conf s'il a été écrit par installer.ps1
         (il désigne udfs.excel) et remet la configuration sauvegardée s'il y en a une ;
      3. supprime le dossier %LOCALAPPDATA%\rs-instruction (environnement Python).

    Les classeurs .xlsm gardent leur module VBA « xlwings_udfs » : sans le complément, leurs
    formules affichent une erreur au prochain recalcul. Les copies calculées par
    « rs-instruction recalculer » restent lisibles.

.PARAMETER Dossier
    Dossier d'installation, s'il a été changé à l'installation (défaut %LOCALAPPDATA%\rs-instruction).

.PARAMETER GarderComplement
    Ne retire pas xlwings.xlam de XLSTART (si d'autres projets xlwings l'utilisent).

.EXAMPLE
    powershell -NoProfile -ExecutionPolicy Bypass -File addin\desinstaller.ps1
#>
[CmdletBinding()]
param(
    [string]$Dossier = "",
    [switch]$GarderComplement
)

$ErrorActionPreference = "Stop"

if (-not $env:LOCALAPPDATA -or -not $env:USERPROFILE) {
    Write-Host "ERREUR : variables LOCALAPPDATA / USERPROFILE absentes : ce script est prévu pour Windows." -ForegroundColor Red
    exit 1
}
if (-not $Dossier) { $Dossier = Join-Path $env:LOCALAPPDATA "rs-instruction" }
$Venv = Join-Path $Dossier "venv"
$XlwingsVenv = Join-Path $Venv "Scripts\xlwings.exe"
$Conf = Join-Path $env:USERPROFILE ".xlwings\xlwings.conf"
$Sauvegarde = "$Conf.avant-rs-instruction"

if (Get-Process -Name "EXCEL" -ErrorAction SilentlyContinue) {
    Write-Host "ERREUR : Excel est ouvert. Fermez toutes les fenêtres Excel, puis relancez." -ForegroundColor Red
    exit 1
}

$Problemes = 0

# --- 1. Complément xlwings -------------------------------------------------------------------
if ($GarderComplement) {
    Write-Host "1. Complément xlwings conservé (option -GarderComplement)."
}
elseif (Test-Path -LiteralPath $XlwingsVenv) {
    Write-Host "1. Retrait du complément xlwings du dossier XLSTART (Excel est lancé brièvement)"
    & $XlwingsVenv addin remove
    $Statut = (& $XlwingsVenv addin status) -join " "
    if ($Statut -match "is installed at") {
        Write-Host "   Le complément est toujours présent : $Statut" -ForegroundColor Yellow
        $Problemes++
    }
}
else {
    $Xlam = Join-Path $env:APPDATA "Microsoft\Excel\XLSTART\xlwings.xlam"
    Write-Host "1. xlwings introuvable dans $Venv : complément non retiré automatiquement." -ForegroundColor Yellow
    if (Test-Path -LiteralPath $Xlam) {
        Write-Host "   S'il ne sert à aucun autre projet, supprimez à la main : $Xlam" -ForegroundColor Yellow
    }
    $Problemes++
}

# --- 2. Configuration xlwings de l'utilisateur -----------------------------------------------
Write-Host "2. Configuration xlwings : $Conf"
if (Test-Path -LiteralPath $Conf) {
    $Contenu = Get-Content -LiteralPath $Conf -Raw
    if ($Contenu -match 'udfs\.excel') {
        Remove-Item -LiteralPath $Conf -Force
        Write-Host "   supprimée."
    }
    else {
        Write-Host "   conservée : elle ne désigne pas udfs.excel (configuration d'un autre projet)."
    }
}
if (Test-Path -LiteralPath $Sauvegarde) {
    if (-not (Test-Path -LiteralPath $Conf)) {
        Move-Item -LiteralPath $Sauvegarde -Destination $Conf
        Write-Host "   configuration antérieure remise en place."
    }
    else {
        Write-Host "   sauvegarde laissée en place : $Sauvegarde" -ForegroundColor Yellow
    }
}

# --- 3. Environnement Python -----------------------------------------------------------------
Write-Host "3. Suppression de $Dossier"
if (Test-Path -LiteralPath $Dossier) {
    try {
        Remove-Item -LiteralPath $Dossier -Recurse -Force
    }
    catch {
        # Un pythonw.exe encore lancé (serveur des fonctions) verrouille ses fichiers.
        Write-Host "   Échec : $($_.Exception.Message)" -ForegroundColor Yellow
        Write-Host "   Fermez Excel, terminez les processus pythonw.exe restants (Gestionnaire des tâches), puis relancez." -ForegroundColor Yellow
        $Problemes++
    }
}

Write-Host ""
if ($Problemes -eq 0) {
    Write-Host "Désinstallation terminée."
    exit 0
}
Write-Host "Désinstallation terminée avec $Problemes point(s) à reprendre (voir ci-dessus)." -ForegroundColor Yellow
exit 2
