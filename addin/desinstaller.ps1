<#
.SYNOPSIS
    Désinstalle les fonctions Excel rs-instruction de l'utilisateur courant (sans droits
    d'administrateur) : l'inverse de installer.ps1.

.DESCRIPTION
    NON TESTÉ SOUS WINDOWS : ce script n'a été exécuté sur aucun poste Windows (voir
    addin/README.md, « Ce qui a été vérifié »).

    Étapes :
      1. retire rs_instruction.xlam du dossier XLSTART de l'utilisateur et supprime
         %USERPROFILE%\.rs_instruction (le complément construit) ;
      2. parcours de secours, s'il a été installé (installer.ps1 -Secours) : retire le complément
         xlwings (« xlwings addin remove »), supprime %USERPROFILE%\.xlwings\xlwings.conf s'il
         désigne udfs.excel et remet la configuration sauvegardée s'il y en a une ;
      3. supprime le dossier %LOCALAPPDATA%\rs-instruction (environnement Python).

    Les dossiers .xlsx gardent leurs formules et les dernières valeurs calculées ; sans le
    complément, Excel les affiche et propose de mettre à jour les liaisons (répondre non).

.PARAMETER Dossier
    Dossier d'installation, s'il a été changé à l'installation (défaut %LOCALAPPDATA%\rs-instruction).

.PARAMETER GarderComplementXlwings
    Ne retire pas xlwings.xlam de XLSTART (si d'autres projets xlwings l'utilisent).

.EXAMPLE
    powershell -NoProfile -ExecutionPolicy Bypass -File addin\desinstaller.ps1
#>
[CmdletBinding()]
param(
    [string]$Dossier = "",
    [switch]$GarderComplementXlwings
)

$ErrorActionPreference = "Stop"

if (-not $env:LOCALAPPDATA -or -not $env:USERPROFILE -or -not $env:APPDATA) {
    Write-Host "ERREUR : variables LOCALAPPDATA / USERPROFILE / APPDATA absentes : ce script est prévu pour Windows." -ForegroundColor Red
    exit 1
}
if (-not $Dossier) { $Dossier = Join-Path $env:LOCALAPPDATA "rs-instruction" }
$Venv = Join-Path $Dossier "venv"
$XlwingsVenv = Join-Path $Venv "Scripts\xlwings.exe"
$ComplementXlstart = Join-Path $env:APPDATA "Microsoft\Excel\XLSTART\rs_instruction.xlam"
$DossierComplement = Join-Path $env:USERPROFILE ".rs_instruction"
$Conf = Join-Path $env:USERPROFILE ".xlwings\xlwings.conf"
$Sauvegarde = "$Conf.avant-rs-instruction"

if (Get-Process -Name "EXCEL" -ErrorAction SilentlyContinue) {
    Write-Host "ERREUR : Excel est ouvert. Fermez toutes les fenêtres Excel, puis relancez." -ForegroundColor Red
    exit 1
}

$Problemes = 0

# --- 1. Complément rs_instruction.xlam -------------------------------------------------------
Write-Host "1. Complément rs_instruction.xlam"
foreach ($Chemin in @($ComplementXlstart, $DossierComplement)) {
    if (Test-Path -LiteralPath $Chemin) {
        try {
            Remove-Item -LiteralPath $Chemin -Recurse -Force
            Write-Host "   supprimé : $Chemin"
        }
        catch {
            Write-Host "   Échec pour $Chemin : $($_.Exception.Message)" -ForegroundColor Yellow
            $Problemes++
        }
    }
}

# --- 2. Parcours de secours (xlwings.xlam, xlwings.conf) -------------------------------------
$ConfNotre = (Test-Path -LiteralPath $Conf) -and ((Get-Content -LiteralPath $Conf -Raw) -match 'udfs\.excel')
if ($ConfNotre -or (Test-Path -LiteralPath $Sauvegarde)) {
    Write-Host "2. Parcours de secours"
    if ($GarderComplementXlwings) {
        Write-Host "   complément xlwings conservé (option -GarderComplementXlwings)."
    }
    elseif (Test-Path -LiteralPath $XlwingsVenv) {
        & $XlwingsVenv addin remove
        $Statut = (& $XlwingsVenv addin status) -join " "
        if ($Statut -match "is installed at") {
            Write-Host "   Le complément xlwings est toujours présent : $Statut" -ForegroundColor Yellow
            $Problemes++
        }
    }
    if ($ConfNotre) {
        Remove-Item -LiteralPath $Conf -Force
        Write-Host "   $Conf supprimé."
    }
    if ((Test-Path -LiteralPath $Sauvegarde) -and -not (Test-Path -LiteralPath $Conf)) {
        Move-Item -LiteralPath $Sauvegarde -Destination $Conf
        Write-Host "   configuration xlwings antérieure remise en place."
    }
}
else {
    Write-Host "2. Parcours de secours non installé : rien à faire."
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
